import { inspect } from 'node:util';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  createCommBoxClient,
  createCometChatClient,
  InvalidResponseError,
  ServerError,
  TimeoutError,
} from 'conversations-client';
import { describe, expect, it } from 'vitest';
import { json, recordingFetch } from '../support/fake-fetch.js';

const TOKEN = 'cb-secret-token-123';
const API_KEY = 'cc-secret-key-456';
const fast = { initialDelayMs: 1, maxDelayMs: 1 };

const commbox = (fetch: typeof globalThis.fetch, extra: object = {}) =>
  createCommBoxClient({ token: TOKEN, baseUrl: 'http://commbox.test', fetch, retry: fast, ...extra });

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('responses that are not the promised JSON', () => {
  it('a 2xx HTML page rejects with InvalidResponseError carrying status and text', async () => {
    const fetch = recordingFetch(
      () => new Response('<html>maintenance</html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    );
    const error = await failure(commbox(fetch).getUserObjects(1));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ status: 200, body: '<html>maintenance</html>' });
    expect(fetch.requests).toHaveLength(1);
  });

  it('a 2xx with truncated JSON rejects with InvalidResponseError, not retried', async () => {
    const fetch = recordingFetch(() => new Response('{"status":200,"data":[{"objectId":1', { status: 200 }));
    const error = await failure(commbox(fetch).getUserObjects(1));
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error.message).toMatch(/not JSON/);
    expect(fetch.requests).toHaveLength(1);
  });

  it('an empty 2xx never resolves to undefined', async () => {
    for (const response of [() => new Response(null, { status: 204 }), () => new Response('', { status: 200 })]) {
      const error = await failure(commbox(recordingFetch(response)).getUserObjects(1));
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect(error.message).toMatch(/empty body/);
    }
  });

  it('a 502 HTML page is a ServerError with the page as body, after the retries', async () => {
    const fetch = recordingFetch(() => new Response('<h1>502 Bad Gateway</h1>', { status: 502 }));
    const error = await failure(commbox(fetch).getUserObjects(1));
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, body: '<h1>502 Bad Gateway</h1>' });
    expect(fetch.requests).toHaveLength(3);
  });
});

describe('statuses Prism cannot produce here', () => {
  it.each([
    [403, AuthenticationError],
    [422, BadRequestError],
    [503, ServerError],
    [418, ApiError],
  ] as const)('HTTP %i rejects with %o', async (status, ErrorClass) => {
    const error = await failure(
      commbox(recordingFetch(() => json({ status, description: 'nope' }, status))).getUserObjects(1, { maxRetries: 0 }),
    );
    expect(error.constructor).toBe(ErrorClass);
    expect(error.name).toBe(ErrorClass.name);
    expect(error.body).toEqual({ status, description: 'nope' });
    expect(error.headers?.get('content-type')).toBe('application/json');
  });
});

describe('network failures', () => {
  it('rejects with ConnectionError keeping a redacted copy of the cause, after maxRetries + 1 attempts', async () => {
    const cause = new TypeError('fetch failed');
    const fetch = recordingFetch(() => Promise.reject(cause));
    const error = await failure(commbox(fetch).getUserObjects(1));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.status).toBeUndefined();
    expect(error.cause).not.toBe(cause);
    expect(error.cause).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(fetch.requests).toHaveLength(3);
  });

  it('rejects with TimeoutError (a ConnectionError) when an attempt outlives timeoutMs', async () => {
    const fetch = recordingFetch(
      (request) =>
        new Promise<Response>((_resolve, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        ),
    );
    const error = await failure(commbox(fetch, { timeoutMs: 20, maxRetries: 1 }).getUserObjects(1));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/timed out after 20 ms/);
    expect(fetch.requests).toHaveLength(2);
  });
});

describe('secrets never leak', () => {
  const leaks = (error: unknown, secret: string): boolean =>
    [
      String(error),
      (error as Error).message,
      JSON.stringify(error),
      inspect(error, { depth: 10 }),
      (error as Error).stack ?? '',
    ].some((text) => text.includes(secret));

  it('not when the server echoes the token in its error body and headers', async () => {
    const fetch = recordingFetch((request) =>
      json({ status: 401, description: `bad credentials: ${request.headers.get('authorization')}` }, 401, {
        'x-echo': request.headers.get('authorization') ?? '',
      }),
    );
    const error = await failure(commbox(fetch).getUserObjects(1));
    expect(fetch.requests[0]?.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(leaks(error, TOKEN)).toBe(false);
    expect(error.headers?.get('x-echo')).toBe('Bearer [redacted]');
  });

  it('not when the network error mentions the API key', async () => {
    const fetch = recordingFetch((request) =>
      Promise.reject(new Error(`refused for apikey ${request.headers.get('apikey')}`)),
    );
    const cometchat = createCometChatClient({
      appId: 'app1',
      region: 'in',
      apiKey: API_KEY,
      onBehalfOf: 'u1',
      fetch,
      maxRetries: 0,
    });
    const error = await failure(cometchat.getUserConversation('u2'));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(leaks(error, API_KEY)).toBe(false);
  });

  it('not in validation errors about the credentials', () => {
    expect(() => createCometChatClient({ appId: 'app1', region: 'xx' as 'us', apiKey: API_KEY })).toThrow(RangeError);
    try {
      createCometChatClient({ appId: 'app1', region: 'xx' as 'us', apiKey: API_KEY });
    } catch (error) {
      expect(leaks(error, API_KEY)).toBe(false);
    }
  });
});
