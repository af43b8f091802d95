import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The package: ESM and CJS with their own declarations, for `.` and `./mock` (Node only), and the mock's bin.
    entry: { index: 'src/index.ts', mock: 'src/mock/index.ts', 'mock-bin': 'src/mock/bin.ts' },
    format: ['esm', 'cjs'],
    dts: { entry: { index: 'src/index.ts', mock: 'src/mock/index.ts' } },
    target: 'es2022',
    sourcemap: true,
    clean: true,
    shims: true,
    splitting: false,
  },
  {
    // One self-contained ES module for browsers without a bundler (examples/inbox).
    entry: { 'conversations-client': 'src/index.ts' },
    outDir: 'dist/browser',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    noExternal: ['openapi-fetch'],
    minify: true,
    sourcemap: true,
  },
]);
