import { createRequire } from 'node:module';
import { PRISM_PACKAGE_ENV } from '../../src/mock/prism.js';

/** The devDependency alias of Prism 5.15+ (`npm:@stoplight/prism-cli@~5.15`), which needs Node 24. */
export const NODE24_PRISM = 'prism-cli-node24';

/**
 * Picks the Prism the suite runs: 5.15+ (the alias) on Node 24 and later, 5.14.x
 * (`@stoplight/prism-cli`) before; an explicit CONVERSATIONS_MOCK_PRISM wins. Sets it in
 * process.env, so test workers and the processes tests start load the same one.
 * @returns the package name in use
 */
export function pickPrism(nodeVersion = process.versions.node, env: NodeJS.ProcessEnv = process.env): string {
  if (env[PRISM_PACKAGE_ENV]) return env[PRISM_PACKAGE_ENV]!;
  const major = Number(nodeVersion.split('.')[0]);
  const chosen = major >= 24 ? NODE24_PRISM : '@stoplight/prism-cli';
  env[PRISM_PACKAGE_ENV] = chosen;
  return chosen;
}

/** The version of the Prism CLI package `name`, as installed. */
export function prismVersion(name: string): string {
  return (createRequire(import.meta.url)(`${name}/package.json`) as { version: string }).version;
}
