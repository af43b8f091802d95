import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

// The third vendor's types come from its own spec, as a real vendor's do from openapi/*.yaml.
const here = (name: string) => new URL(`./threadly/${name}`, import.meta.url);

describe('the test-only vendor has its own spec', () => {
  it('threadly/generated.ts is openapi-typescript’s output for threadly/threadly.yaml (regenerate: cd test/third-vendor/threadly && npx openapi-typescript ./threadly.yaml -o ./generated.ts)', async () => {
    const generated = astToString(await openapiTS(here('threadly.yaml')));
    const stored = readFileSync(fileURLToPath(here('generated.ts')), 'utf8');
    const body = (text: string) => text.replace(/^\/\*\*[\s\S]*?\*\/\s*/, '').trim();
    expect(body(stored)).toBe(body(generated));
    expect(stored).toContain('"/v1/members/{memberId}/threads"');
  }, 120_000);
});
