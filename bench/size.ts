/**
 * Size: min+gzip of a tree-shaken browser bundle of the built package (dist/index.js,
 * openapi-fetch included), importing one vendor or everything. Run after `npm run build`.
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));

export const SIZE_CASES = {
  'createCommBoxClient only': `export { createCommBoxClient } from ${JSON.stringify(entry)};`,
  'createCometChatClient only': `export { createCometChatClient } from ${JSON.stringify(entry)};`,
  everything: `export * from ${JSON.stringify(entry)};`,
  'openapi-fetch alone (floor)': `export { default } from 'openapi-fetch';`,
};

/** Minified and gzipped bytes of one bundle. */
export async function bundleSize(contents: string): Promise<{ min: number; gzip: number }> {
  const result = await build({
    stdin: { contents, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  return { min: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, contents] of Object.entries(SIZE_CASES)) {
    const { min, gzip } = await bundleSize(contents);
    console.log(
      `${name.padEnd(30)} ${(min / 1000).toFixed(2).padStart(6)} kB min  ${(gzip / 1000).toFixed(2).padStart(5)} kB gzip`,
    );
  }
}
