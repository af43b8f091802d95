/** `npm start`: both Prism mocks on their default ports (see src/mock/cli.ts). */
import { runMockCli } from '../src/mock/cli.js';

void runMockCli(process.argv.slice(2));
