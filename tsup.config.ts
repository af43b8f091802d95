import { defineConfig, type Options } from 'tsup';

const declarations = {
  entry: {
    index: 'src/index.ts',
    mock: 'src/mock/index.ts',
    server: 'src/server/index.ts',
    browser: 'src/browser/index.ts',
    redis: 'src/server/redis/index.ts',
    react: 'src/react/index.ts',
  },
};

const node: Options = {
  // The package: `.`, `./mock` (Node only), `./server` (any Fetch API runtime), `./browser`, `./redis`, `./react` (React an optional peer), and the mock's bin.
  entry: { ...declarations.entry, 'mock-bin': 'src/mock/bin.ts' },
  target: 'es2022',
  sourcemap: true,
  shims: true,
  splitting: false,
};

export default defineConfig([
  { ...node, format: ['esm'], clean: true, dts: declarations },
  // openapi-fetch is inlined in the CJS build: required from CJS, its default export would
  // arrive as its whole exports object (esbuild's Node-mode interop for a "type": "module" package).
  { ...node, entry: declarations.entry, format: ['cjs'], dts: declarations, noExternal: ['openapi-fetch'] },
  {
    // Self-contained ES modules for browsers without a bundler (examples/inbox uses inbox-client.js).
    entry: { 'conversations-client': 'src/index.ts', 'inbox-client': 'src/browser/index.ts' },
    outDir: 'dist/browser',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    noExternal: ['openapi-fetch'],
    minify: true,
    sourcemap: true,
  },
]);
