import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { listenOnLoopback } from '../../test/support/loopback-server.js';

/** Both vendors on one local server (CommBox under /commbox, CometChat under /cometchat), counting calls. */
export interface VendorCounter {
  url: string;
  calls: { commbox: number; cometchat: number };
  /** When set, CometChat answers 429 with this Retry-After (seconds). */
  cometchatRetryAfterS: number | undefined;
  close(): Promise<void>;
}

const example = (api: string, path: string, name: string): string => {
  const spec = parse(readFileSync(new URL(`../../openapi/${api}.yaml`, import.meta.url), 'utf8'));
  return JSON.stringify(spec.paths[path].get.responses['200'].content['application/json'].examples[name].value);
};

export async function startVendorCounter(): Promise<VendorCounter> {
  const commbox = example('commbox', '/v2/users/identities/{USER_IDENTITY_ID}/objects', 'unreadChats');
  const cometchat = example('cometchat', '/conversations', 'inbox');
  const state: VendorCounter = { url: '', calls: { commbox: 0, cometchat: 0 }, cometchatRetryAfterS: undefined, close: async () => undefined };
  const server = await listenOnLoopback((request, response) => {
    const vendor = request.url?.startsWith('/commbox/') ? 'commbox' : 'cometchat';
    state.calls[vendor]++;
    if (vendor === 'cometchat' && state.cometchatRetryAfterS !== undefined) {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(state.cometchatRetryAfterS) }).end('{"error":{"code":"ERR_TOO_MANY_REQUESTS"}}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(vendor === 'commbox' ? commbox : cometchat);
  });
  state.url = server.url;
  state.close = server.close;
  return state;
}
