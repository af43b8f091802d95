import { inspect } from 'node:util';
import { gzipSync } from 'node:zlib';
import {
  ConnectionError,
  createCommBoxClient,
  createCometChatClient,
  InvalidResponseError,
  NotFoundError,
  RedirectError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
} from 'conversations-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  collectGarbageWhileWaiting,
  sendJson,
  settledWithin,
  startHostileServer,
  type HostileServer,
} from '../support/hostile-server.js';

const TOKEN = 'tok-SECRET-0123456789';
const API_KEY = 'key-SECRET-9876543210';
const servers: HostileServer[] = [];
const serve = async (...args: Parameters<typeof startHostileServer>) => {
  const server = await startHostileServer(...args);
  servers.push(server);
  return server;
};
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const conversation = { data: { conversationId: 'a_user_b', conversationType: 'user', unreadMessageCount: '1' } };
const commbox = (
  url: string,
  extra: Parameters<typeof createCommBoxClient>[0] extends infer O ? Partial<O> : never = {},
) => createCommBoxClient({ token: TOKEN, baseUrl: url, retry: { initialDelayMs: 5, maxDelayMs: 10 }, ...extra });
const cometchat = (url: string, extra: Partial<Parameters<typeof createCometChatClient>[0]> = {}) =>
  createCometChatClient({
    appId: 'app1',
    region: 'eu',
    apiKey: API_KEY,
    onBehalfOf: 'superhero4',
    baseUrl: url,
    retry: { initialDelayMs: 5, maxDelayMs: 10 },
    ...extra,
  });

/** Nothing that could reveal a credential: message, stack, every field, inspect and JSON forms. */
function expectNoSecret(error: unknown): void {
  const forms = [
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
    String((error as Error).stack),
  ];
  for (const form of forms) {
    expect(form).not.toContain(TOKEN);
    expect(form).not.toContain(API_KEY);
  }
}

describe('a call never hangs, whatever the garbage collector does', () => {
  it('first attempt 503, the retry never answers: timeoutMs settles the call (GC running)', async () => {
    const server = await serve((_request, response, index) => {
      if (index === 0) sendJson(response, 503, { status: 503 });
      // later attempts: no answer at all
    });
    const stop = collectGarbageWhileWaiting();
    try {
      const calls = Array.from({ length: 3 }, () =>
        commbox(server.url, { timeoutMs: 500, maxRetries: 1 }).getUserObjects(1),
      );
      const outcomes = await Promise.all(calls.map((call) => settledWithin(call, 15_000)));
      for (const outcome of outcomes) {
        expect(outcome).not.toBe('pending');
        expect((outcome as { error: unknown }).error).toBeInstanceOf(TimeoutError);
      }
    } finally {
      stop();
    }
  });

  it('an abort during the retry settles the call with the reason (GC running)', async () => {
    const server = await serve((_request, response, index) => {
      if (index === 0) sendJson(response, 503, { status: 503 });
    });
    const stop = collectGarbageWhileWaiting();
    try {
      const reason = new Error('user left the page');
      const controller = new AbortController();
      const call = commbox(server.url).getUserObjects(1, { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 300);
      const outcome = await settledWithin(call, 15_000);
      expect(outcome).toEqual({ error: reason });
    } finally {
      stop();
    }
  });

  it('raw.GET with its own signal or the client timeout settles too (GC running)', async () => {
    const server = await serve(() => undefined); // never answers
    const stop = collectGarbageWhileWaiting();
    try {
      const client = commbox(server.url, { timeoutMs: 400, maxRetries: 0 });
      const timed = client.raw.GET('/v2/users/identities/{USER_IDENTITY_ID}/objects', {
        params: { path: { USER_IDENTITY_ID: 1 } },
      });
      const controller = new AbortController();
      const aborted = client.raw.GET('/v2/users/identities/{USER_IDENTITY_ID}/objects', {
        params: { path: { USER_IDENTITY_ID: 2 } },
        signal: controller.signal,
      });
      setTimeout(() => controller.abort(new Error('stop')), 300);
      const [timedOut, abortedOut] = await Promise.all([settledWithin(timed, 15_000), settledWithin(aborted, 15_000)]);
      expect((timedOut as { error: unknown }).error).toBeInstanceOf(TimeoutError);
      expect((abortedOut as { error: Error }).error.message).toBe('stop');
    } finally {
      stop();
    }
  });

  it('many retrying calls aborted at different times all settle', async () => {
    const server = await serve((_request, response, index) => {
      if (index % 2 === 0) sendJson(response, 503, { status: 503 });
    });
    const stop = collectGarbageWhileWaiting();
    try {
      const client = commbox(server.url);
      const calls = Array.from({ length: 60 }, (_, i) => {
        const controller = new AbortController();
        setTimeout(() => controller.abort(new Error(`stop ${i}`)), 100 + (i % 20) * 10);
        return client.getUserObjects(i + 1, { signal: controller.signal });
      });
      const outcomes = await Promise.all(calls.map((call) => settledWithin(call, 20_000)));
      expect(outcomes.filter((outcome) => outcome === 'pending')).toHaveLength(0);
    } finally {
      stop();
    }
  });

  it('a body that stalls through raw rejects with a TimeoutError (an Error, not a symbol)', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      response.write('{"status":');
    });
    const error = await commbox(server.url, { timeoutMs: 300, maxRetries: 0 })
      .raw.GET('/v2/users/identities/{USER_IDENTITY_ID}/objects', { params: { path: { USER_IDENTITY_ID: 1 } } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
  });
});

describe('redirects: credentials never leave the base URL origin', () => {
  it.each([301, 302, 303, 307, 308])(
    '%i to another origin is a RedirectError and the other origin sees nothing',
    async (status) => {
      const elsewhere = await serve((_request, response) => sendJson(response, 200, conversation), 'localhost');
      const server = await serve((_request, response) => {
        response.writeHead(status, { location: `${elsewhere.url}/steal` });
        response.end();
      });
      const client = cometchat(server.url);
      for (const call of [
        () => client.getUserConversation('superhero3'),
        () => client.markConversationRead({ uid: 'superhero3' }),
      ]) {
        const error = await call().catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(RedirectError);
        expect((error as RedirectError).targetOrigin).toBe(elsewhere.origin);
        expect((error as RedirectError).message).toContain(elsewhere.origin);
        expectNoSecret(error);
      }
      expect(elsewhere.requests).toHaveLength(0);
      expect(server.requests).toHaveLength(2); // not retried
    },
  );

  it('a same-origin redirect is followed with the credentials', async () => {
    const server = await serve((request, response) => {
      if (request.url?.startsWith('/moved')) return sendJson(response, 200, conversation);
      response.writeHead(307, { location: `/moved${request.url}` });
      response.end();
    });
    await expect(cometchat(server.url).getUserConversation('superhero3')).resolves.toEqual(conversation);
    expect(server.requests.map((request) => request.headers.apikey)).toEqual([API_KEY, API_KEY]);
  });

  it('a redirect loop is one RedirectError after a handful of requests, not retried', async () => {
    const server = await serve((request, response) => {
      response.writeHead(302, { location: request.url ?? '/' });
      response.end();
    });
    const error = await cometchat(server.url)
      .getUserConversation('superhero3')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toMatch(/more than 5 times/);
    expect(server.requests.length).toBeLessThanOrEqual(6);
  });
});

describe('secrets never appear in an error', () => {
  it.each([
    ['an empty 2xx', ''],
    ['a 2xx that is not JSON', `<html>your token is ${TOKEN}</html>`],
  ])(
    '%s echoing the credential: InvalidResponseError redacted in body, headers, inspect and JSON',
    async (_name, body) => {
      const server = await serve((_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html', 'x-echo': `Bearer ${TOKEN}` });
        response.end(body);
      });
      const error = await commbox(server.url)
        .getUserObjects(1)
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as InvalidResponseError).headers?.get('x-echo')).toBe('Bearer [redacted]');
      expectNoSecret(error);
    },
  );

  it('an error body that echoes the key JSON-escaped or URL-encoded is redacted too', async () => {
    const server = await serve((_request, response) =>
      sendJson(response, 400, `{"echo":"${encodeURIComponent(API_KEY)}","again":"${API_KEY}"}`),
    );
    const error = await cometchat(server.url)
      .getUserConversation('x')
      .catch((caught: unknown) => caught);
    expect((error as { status: number }).status).toBe(400);
    expectNoSecret(error);
  });

  it('a baseUrl with credentials is refused without showing them', () => {
    const create = () => createCommBoxClient({ token: TOKEN, baseUrl: 'http://user:hunter2@127.0.0.1:9' });
    expect(create).toThrow(TypeError);
    expect(create).toThrow(/"baseUrl" must not hold credentials/);
    expect(() => create()).not.toThrow(/hunter2/);
  });

  it('a network error mentioning the key keeps a redacted cause chain', async () => {
    const inner = new Error(`socket for ${API_KEY} closed`);
    const fetch = async () => {
      throw new TypeError('fetch failed', { cause: inner });
    };
    const error = await cometchat('http://cc.test', { fetch, maxRetries: 0 })
      .getUserConversation('x')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain('[redacted]');
    expect(((error as Error).cause as Error).cause).toMatchObject({ message: 'socket for [redacted] closed' });
    expectNoSecret(error);
  });
});

describe('hostile bodies', () => {
  it('an error body nested 100,000 levels deep is still a typed error', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const server = await serve((_request, response) => sendJson(response, 404, deep));
    const error = await commbox(server.url)
      .getUserObjects(1)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('a 50 MB body is refused past maxResponseBytes, without keeping it', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    const server = await serve((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      let sent = 0;
      const more = () => {
        while (sent < 50 && response.write(chunk)) sent++;
        if (sent < 50) response.once('drain', more);
        else response.end();
      };
      more();
    });
    const error = await commbox(server.url, { maxRetries: 0 })
      .getUserObjects(1)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).status).toBe(500);
    expect((error as ResponseTooLargeError).body).toBeUndefined();
    expect((error as ResponseTooLargeError).limitBytes).toBe(10 * 1024 * 1024);
  });

  it('a gzip bomb is counted inflated and stopped at the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, ' '));
    const server = await serve((_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': bomb.byteLength,
      });
      response.end(bomb);
    });
    const error = await commbox(server.url, { maxRetries: 0, maxResponseBytes: 1024 * 1024 })
      .getUserObjects(1)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limitBytes).toBe(1024 * 1024);
  });

  it('a Content-Length over the limit is refused before reading', async () => {
    const server = await serve((_request, response) => sendJson(response, 200, { data: 'x'.repeat(5_000) }));
    const error = await commbox(server.url, { maxResponseBytes: 1_000 })
      .getUserObjects(1)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(server.requests).toHaveLength(1); // not retried
  });

  it('a 502 HTML page is a ServerError carrying the page text', async () => {
    const server = await serve((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' });
      response.end('<h1>Bad gateway</h1>');
    });
    const error = await commbox(server.url, { maxRetries: 0 })
      .getUserObjects(1)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).body).toBe('<h1>Bad gateway</h1>');
  });
});

describe('Retry-After: 0 storms get the normal backoff, never an immediate retry', () => {
  it('every retry after "Retry-After: 0" waits a jittered backoff of at least half its ceiling', async () => {
    const server = await serve((_request, response) =>
      sendJson(response, 429, { status: 429 }, { 'retry-after': '0' }),
    );
    const delays: number[] = [];
    const client = commbox(server.url, {
      maxRetries: 2,
      retry: { initialDelayMs: 40, maxDelayMs: 1_000 },
      onRetry: (event) => delays.push(event.delayMs),
    });
    await expect(client.getUserObjects(1)).rejects.toMatchObject({ status: 429 });
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(20);
    expect(delays[1]).toBeGreaterThanOrEqual(40);
  });
});
