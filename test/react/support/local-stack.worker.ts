/**
 * `npm start`'s stack (vendor mocks and the inbox handler on the page's origin) in a worker thread: a
 * Node context of its own, without the jsdom globals the hooks' tests run in (where the vendor
 * clients rightly refuse to start). Posts `{ url }` once it listens; answers `'reset'` and `'close'`.
 */
import { parentPort } from 'node:worker_threads';
import { startLocalStack } from '../../../scripts/local-stack.js';
import { startMockServers } from '../../../src/mock/index.js';

const mocks = await startMockServers({ seed: 1 });
const stack = await startLocalStack({ commboxUrl: mocks.commbox.url, cometchatUrl: mocks.cometchat.url, port: 0 });
parentPort!.on('message', async (message: 'reset' | 'close') => {
  if (message === 'reset') mocks.reset();
  else {
    await stack.close();
    await mocks.close();
  }
  parentPort!.postMessage({ done: message });
});
parentPort!.postMessage({ url: stack.url });
