// Loads the TypeScript worker through tsx (a worker thread does not inherit the test runner's loader).
import { register } from 'tsx/esm/api';

register();
await import('./local-stack.worker.ts');
