import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/lib/free-port.js';
import { MOCKED_APIS, startPrism, type RunningPrism } from '../../scripts/lib/prism.js';

declare module 'vitest' {
  export interface ProvidedContext {
    commboxUrl: string;
    cometchatUrl: string;
  }
}

/** Starts real Prism mocks of both specs on free ports, once per test run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [commboxPort, cometchatPort] = await Promise.all([freePort(), freePort()]);
  const mocks: RunningPrism[] = await Promise.all([
    startPrism({ spec: MOCKED_APIS.commbox.spec, port: commboxPort }),
    startPrism({ spec: MOCKED_APIS.cometchat.spec, port: cometchatPort }),
  ]);
  project.provide('commboxUrl', mocks[0]!.url);
  project.provide('cometchatUrl', mocks[1]!.url);
  return async () => {
    await Promise.all(mocks.map((mock) => mock.close()));
  };
}
