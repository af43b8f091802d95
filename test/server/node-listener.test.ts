import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { toNodeListener } from '../../src/server/index.js';
import { listenOnLoopback, type LoopbackServer } from '../support/loopback-server.js';

// Issue 23: toNodeListener under hostile requests (defect 13, the body decisions).

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Sends `head` (and optional body bytes) on a raw socket; resolves with the response's status once its status line arrives. */
function rawStatus(url: string, head: string, body = ''): Promise<number> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      if (match) {
        resolve(Number(match[1]));
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.write(`${head}\r\n\r\n${body}`);
  });
}

const echo = async (request: Request) => new Response(`${request.method} ${new URL(request.url).pathname}`);

describe('toNodeListener', () => {
  it.each(['a b', 'x@y:1', '[::1'])('Host: %s is a 400, not a 500', async (host) => {
    server = await listenOnLoopback(toNodeListener(echo));
    expect(await rawStatus(server.url, `GET /api/inbox/summary HTTP/1.1\r\nHost: ${host}\r\nConnection: close`)).toBe(
      400,
    );
    expect(await rawStatus(server.url, 'GET /api/inbox/summary HTTP/1.1\r\nHost: site.test\r\nConnection: close')).toBe(
      200,
    );
  });

  it('a route that takes no body answers without waiting for one', async () => {
    server = await listenOnLoopback(toNodeListener(echo));
    // 1 byte of a promised 1000, and nothing more: the handler never reads it, so nobody waits on it.
    expect(
      await rawStatus(
        server.url,
        'POST /api/inbox/conversations/cometchat/x/read HTTP/1.1\r\nHost: site.test\r\nContent-Length: 1000',
        'x',
      ),
    ).toBe(200);
  });

  it('a handler that reads the body gets it', async () => {
    server = await listenOnLoopback(toNodeListener(async (request) => new Response(await request.text())));
    const response = await fetch(`${server.url}/hook`, { method: 'POST', body: 'hello' });
    expect(await response.text()).toBe('hello');
  });

  it('a body middleware already read reads as empty, at once', async () => {
    const listener = toNodeListener(async (request) => new Response(`[${await request.text()}]`), {
      bodyTimeoutMs: 60_000,
    });
    server = await listenOnLoopback((request, response) => {
      request.resume();
      request.once('end', () => listener(request, response));
    });
    const response = await fetch(`${server.url}/hook`, { method: 'POST', body: 'consumed' });
    expect(await response.text()).toBe('[]');
  });

  it('a body that trickles past bodyTimeoutMs is a 408', async () => {
    server = await listenOnLoopback(
      toNodeListener(async (request) => new Response(await request.text()), { bodyTimeoutMs: 200 }),
    );
    expect(await rawStatus(server.url, 'POST /hook HTTP/1.1\r\nHost: site.test\r\nContent-Length: 1000', 'x')).toBe(
      408,
    );
  });

  it('a body over maxBodyBytes is a 413 when the handler reads it', async () => {
    server = await listenOnLoopback(
      toNodeListener(async (request) => new Response(await request.text()), { maxBodyBytes: 10 }),
    );
    const response = await fetch(`${server.url}/hook`, { method: 'POST', body: 'x'.repeat(100) });
    expect(response.status).toBe(413);
  });

  it('checks its options, naming them', () => {
    expect(() => toNodeListener(echo, { bodyTimeoutMs: 2 ** 31 })).toThrow(/"bodyTimeoutMs"/);
    expect(() => toNodeListener(echo, { maxBodyBytes: -1 })).toThrow(/"maxBodyBytes"/);
  });
});
