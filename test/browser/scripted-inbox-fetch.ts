import type { InboxSummary } from '../../src/browser/index.js';

/** A good summary of one CometChat conversation with `unread` unread messages. */
export const summaryOf = (unread: number, overrides: Partial<InboxSummary> = {}): InboxSummary => ({
  total: unread,
  byProvider: { commbox: 0, cometchat: unread },
  conversations: [
    {
      provider: 'cometchat',
      id: 'c1',
      title: 'Dana',
      unread,
      lastMessage: { text: 'hi', at: '2026-03-02T09:00:00.000Z' },
      updatedAt: '2026-03-02T09:00:00.000Z',
    },
  ],
  failures: [],
  stale: false,
  asOf: '2026-03-02T09:00:00.000Z',
  ...overrides,
});

/** What the scripted server answers: a status, a body (an object is sent as JSON, a string as is) and headers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/**
 * A fetch standing in for the inbox API: `answer(request)` decides each reply. Records every request
 * with the (fake or real) `Date.now()` it was sent at.
 */
export function inboxServer(answer: (request: Request) => Reply) {
  const requests: { request: Request; at: number }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    requests.push({ request, at: Date.now() });
    const reply = answer(request);
    const body =
      reply.body === undefined || reply.status === 304 || reply.status === 204
        ? null
        : typeof reply.body === 'string'
          ? reply.body
          : JSON.stringify(reply.body);
    return new Response(body, {
      status: reply.status,
      headers: { 'content-type': 'application/json', ...reply.headers },
    });
  };
  return {
    fetch: fetch as typeof globalThis.fetch,
    requests,
    /** Summary GETs sent. */
    reads: () => requests.filter(({ request }) => request.method === 'GET'),
    /** Mark-read POSTs sent. */
    writes: () => requests.filter(({ request }) => request.method === 'POST'),
  };
}

/** The gaps between consecutive times. */
export const gaps = (times: number[]): number[] => times.slice(1).map((time, index) => time - times[index]!);

/** `Retry-After` values a hostile or broken server may send. */
export const ABSURD_RETRY_AFTER = ['99999999', '1e400', '-5', 'soon', '', 'Infinity', 'NaN', '0x10'];
