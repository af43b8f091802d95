import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parse } from 'yaml';

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
  const sockets = new Set<Socket>();
  const state: VendorCounter = {
    url: '',
    calls: { commbox: 0, cometchat: 0 },
    cometchatRetryAfterS: undefined,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request, response) => {
    const vendor = request.url?.startsWith('/commbox/') ? 'commbox' : 'cometchat';
    state.calls[vendor]++;
    if (vendor === 'cometchat' && state.cometchatRetryAfterS !== undefined) {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(state.cometchatRetryAfterS) }).end('{"error":{"code":"ERR_TOO_MANY_REQUESTS"}}');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(vendor === 'commbox' ? commbox : cometchat);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
