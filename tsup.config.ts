import { defineConfig, type Options } from 'tsup';

/** The package's entry points: `.`, `./mock` (Node only), `./server` (any Fetch API runtime), `./browser`, `./redis`, `./react` (React an optional peer). */
const entry = {
  index: 'src/index.ts',
  mock: 'src/mock/index.ts',
  server: 'src/server/index.ts',
  browser: 'src/browser/index.ts',
  redis: 'src/server/redis/index.ts',
  react: 'src/react/index.ts',
};

const node: Options = {
  target: 'es2022',
  sourcemap: true,
  shims: true,
};

/** A browser file without a bundler: one self-contained ES module (no chunks), openapi-fetch inlined. */
const selfContained = (name: string, source: string): Options => ({
  entry: { [name]: source },
  outDir: 'dist/browser',
  format: ['esm'],
  platform: 'browser',
  target: 'es2022',
  noExternal: ['openapi-fetch'],
  splitting: false,
  minify: true,
  sourcemap: true,
});

export default defineConfig([
  // ESM: code shared between entry points lives in shared chunks, so every entry (and the mock's bin) uses one copy.
  { ...node, entry: { ...entry, 'mock-bin': 'src/mock/bin.ts' }, format: ['esm'], splitting: true, clean: true },
  // CJS: one file per entry (error classes are branded, so `instanceof` holds across copies).
  // openapi-fetch is inlined: required from CJS, its default export would arrive as its whole
  // exports object (esbuild's Node-mode interop for a "type": "module" package).
  { ...node, entry, format: ['cjs'], splitting: false, noExternal: ['openapi-fetch'] },
  // Declarations once: one TypeScript program, written as .d.ts (ESM) and .d.cts (CJS).
  { entry, format: ['esm', 'cjs'], dts: { only: true } },
  // Self-contained ES modules for browsers without a bundler (examples/inbox uses inbox-client.js).
  selfContained('conversations-client', 'src/index.ts'),
  selfContained('inbox-client', 'src/browser/index.ts'),
]);
