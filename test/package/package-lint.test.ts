import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

const run = promisify(execFile);
const modules = fileURLToPath(new URL('../../node_modules/', import.meta.url));
/** An installed package's CLI script, from its package.json `bin` (some packages export no package.json). */
const bin = (name: string, command: string) => {
  const manifest = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as {
    bin: string | Record<string, string>;
  };
  return join(modules, name, typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[command]!);
};

/** Runs a CLI with this Node; resolves to its exit code and output (a failure is an answer, not a throw). */
async function cli(script: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args], {
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === 'number' ? failed.code : -1,
      output: `${failed.stdout ?? ''}${failed.stderr ?? ''}${String(error)}`,
    };
  }
}

// The tarball users get, packed once for the run (test/setup/package.global.ts): what `npm run lint:package` checks.
describe('the packed package', () => {
  it('passes publint (package.json exports, files, types point at what ships)', async () => {
    const { code, output } = await cli(bin('publint', 'publint'), ['run', inject('packedTarball')]);
    expect(code, output).toBe(0);
  });

  it('passes Are The Types Wrong: every entry point resolves its types under node10, node16 (CJS and ESM) and bundler', async () => {
    const { code, output } = await cli(bin('@arethetypeswrong/cli', 'attw'), [
      inject('packedTarball'),
      '--format',
      'ascii',
      '--no-color',
      '--no-emoji',
    ]);
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/❌|Resolution failed|Masquerading/);
  });
});
