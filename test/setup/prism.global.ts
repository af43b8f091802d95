import type { TestProject } from 'vitest/node';
import { startMockServers } from '../../src/mock/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    commboxUrl: string;
    cometchatUrl: string;
  }
}

/** Starts real Prism mocks of both specs on free ports, once per test run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const mocks = await startMockServers();
  project.provide('commboxUrl', mocks.commbox.url);
  project.provide('cometchatUrl', mocks.cometchat.url);
  return () => mocks.close();
}
