/**
 * The benchmarks' server, run in its own process so it never competes with the
 * client for the event loop: Get User Objects answers the vendor example; Get
 * Stream Objects answers pages of `TOTAL` objects, each after `PAGE_DELAY_MS`.
 * Prints its port on stdout. Exits when its stdin closes: the parent holds the other end
 * (bench/lib/server.ts), so the server never outlives the bench, however the bench ends.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

const spec = parse(readFileSync(new URL('../../openapi/commbox.yaml', import.meta.url), 'utf8'));
const example = JSON.stringify(
  spec.paths['/v2/users/identities/{USER_IDENTITY_ID}/objects'].get.responses['200'].content['application/json']
    .examples.success.value,
);
const pageDelayMs = Number(process.env.PAGE_DELAY_MS ?? 0);

function page(url: URL): string {
  const total = Number(url.searchParams.get('userIdentityId'));
  const pageSize = Number(url.searchParams.get('pageSize') ?? 100);
  const first = Number(url.searchParams.get('pageNumber') ?? 0) * pageSize + 1;
  const count = Math.max(0, Math.min(pageSize, total - first + 1));
  const data = Array.from({ length: count }, (_, i) => ({
    objectId: first + i,
    streamId: 19155,
    statusId: 1,
    message: `<p>message ${first + i}</p>`,
    createdTime: '2026-02-12T15:01:02',
    unreadMessages: (first + i) % 3,
  }));
  return JSON.stringify({
    status: 200,
    description: 'Operation successful',
    response_time: '2026-02-12T15:09:23Z',
    data,
  });
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://bench');
  const send = (body: string) => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };
  if (url.pathname.startsWith('/streams/')) setTimeout(() => send(page(url)), pageDelayMs);
  else send(example);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));

// The parent closed its end of the pipe (it closed the server, or it died): nothing is left to serve.
process.stdin.on('close', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
