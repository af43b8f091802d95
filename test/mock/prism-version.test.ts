import { describe, expect, it } from 'vitest';
import { PRISM_PACKAGE_ENV, prismPackage } from '../../src/mock/prism.js';
import { NODE24_PRISM, pickPrism, prismVersion } from '../setup/prism-version.js';

const major = (version: string) => version.split('.').map(Number) as [number, number];

describe('the Prism the suite runs', () => {
  it('is 5.15+ on Node 24 and later, 5.14.x before; an explicit choice wins', () => {
    expect(pickPrism('24.0.0', {})).toBe(NODE24_PRISM);
    expect(pickPrism('22.12.0', {})).toBe('@stoplight/prism-cli');
    expect(pickPrism('20.19.0', {})).toBe('@stoplight/prism-cli');
    expect(pickPrism('24.0.0', { [PRISM_PACKAGE_ENV]: 'my-prism' })).toBe('my-prism');
    expect(prismPackage({})).toBe('@stoplight/prism-cli');
    expect(prismPackage({ [PRISM_PACKAGE_ENV]: NODE24_PRISM })).toBe(NODE24_PRISM);
  });

  it('reaches the test workers from the global setup, with the version this Node needs', () => {
    const chosen = process.env[PRISM_PACKAGE_ENV];
    expect(chosen).toBe(Number(process.versions.node.split('.')[0]) >= 24 ? NODE24_PRISM : '@stoplight/prism-cli');
    const [prismMajor, prismMinor] = major(prismVersion(chosen!));
    expect(prismMajor).toBe(5);
    if (Number(process.versions.node.split('.')[0]) >= 24) expect(prismMinor).toBeGreaterThanOrEqual(15);
    else expect(prismMinor).toBe(14);
  });
});
