import type { TestProject } from 'vitest/node';
import { startMockServers } from '../../src/mock/index.js';
import { shared } from './shared.js';
import { pickPrism } from './prism-version.js';

declare module 'vitest' {
  export interface ProvidedContext {
    commboxUrl: string;
    cometchatUrl: string;
  }
}

/** Starts real Prism mocks of both specs on free ports, once per test run (shared by every project that lists it). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  pickPrism(); // 5.15+ on Node 24, 5.14.x before
  const { instance: mocks, release } = await shared(
    'prism',
    () => startMockServers(),
    (started) => started.close(),
  );
  project.provide('commboxUrl', mocks.commbox.url);
  project.provide('cometchatUrl', mocks.cometchat.url);
  return release;
}
