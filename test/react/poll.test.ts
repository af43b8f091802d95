// @vitest-environment jsdom
import { act, cleanup, render, renderHook } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInboxClient, InboxApiError, type InboxClient } from '../../src/browser/index.js';
import { useMarkRead, useUnreadSummary } from '../../src/react/index.js';
import { ABSURD_RETRY_AFTER, gaps, inboxServer, summaryOf, type Reply } from '../browser/scripted-inbox-fetch.js';

/** The React hooks against a scripted inbox server, on fake timers: every wait is counted, none is slept. */

const BASE = 'https://site.test/api/inbox';
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeEach(() => {
  vi.useFakeTimers();
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  cleanup();
  process.off('unhandledRejection', onUnhandled);
  vi.useRealTimers();
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
});

/** Lets fake time pass inside act (React sees every state change). */
const pass = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

function setup(answer: (request: Request) => Reply): { client: InboxClient } & ReturnType<typeof inboxServer> {
  const server = inboxServer(answer);
  return { client: createInboxClient({ baseUrl: BASE, fetch: server.fetch }), ...server };
}

const setVisibility = (state: 'visible' | 'hidden') => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
};

describe('useUnreadSummary polls through the one loop', () => {
  it('uses the ETag loop: If-None-Match, and a 304 keeps the data (same object) and costs no re-render', async () => {
    const server = setup((request) =>
      request.headers.get('if-none-match') === 'W/"1"'
        ? { status: 304, headers: { etag: 'W/"1"' } }
        : { status: 200, body: summaryOf(3), headers: { etag: 'W/"1"' } },
    );
    let renders = 0;
    const { result } = renderHook(() => (renders++, useUnreadSummary({ client: server.client, intervalMs: 1_000 })));
    await pass(0);
    const first = result.current.data;
    expect(first?.total).toBe(3);
    const rendersAfterFirst = renders;
    await pass(3_000);
    expect(server.reads()).toHaveLength(4);
    expect(
      server
        .reads()
        .slice(1)
        .map(({ request }) => request.headers.get('if-none-match')),
    ).toEqual(['W/"1"', 'W/"1"', 'W/"1"']);
    expect(result.current.data).toBe(first);
    expect(renders).toBe(rendersAfterFirst);
  });

  it.each(ABSURD_RETRY_AFTER)(
    'Retry-After %j: at most one request per max(intervalMs, capped Retry-After), for 20 minutes',
    async (value) => {
      const server = setup(() => ({
        status: 503,
        body: { error: { code: 'unavailable', message: 'x' } },
        headers: { 'retry-after': value },
      }));
      const { result } = renderHook(() => useUnreadSummary({ client: server.client, intervalMs: 1_000 }));
      for (let minute = 0; minute < 20; minute++) await pass(60_000);
      expect(result.current.error).toBeInstanceOf(InboxApiError);
      const times = server.reads().map(({ at }) => at);
      expect(times.length).toBeGreaterThanOrEqual(2);
      for (const gap of gaps(times)) expect(gap).toBeGreaterThanOrEqual(value === '99999999' ? 300_000 : 1_000);
      expect(times.length).toBeLessThanOrEqual(value === '99999999' ? 5 : 12);
    },
  );

  it('refuses intervalMs Infinity, 0 and NaN with a TypeError naming it', () => {
    const { client } = setup(() => ({ status: 200, body: summaryOf(1) }));
    for (const intervalMs of [Infinity, 0, NaN, -5, 2 ** 31]) {
      expect(() => renderHook(() => useUnreadSummary({ client, intervalMs }))).toThrow(TypeError);
      expect(() => renderHook(() => useUnreadSummary({ client, intervalMs }))).toThrow(
        /useUnreadSummary: "intervalMs"/,
      );
    }
  });

  it('components sharing a client share one poll, which stops when the last one unmounts', async () => {
    const server = setup(() => ({ status: 200, body: summaryOf(9) }));
    function Badge({ id }: { id: string }): ReactNode {
      const { data } = useUnreadSummary({ client: server.client, intervalMs: id === 'b' ? 1_000 : 60_000 });
      return createElement('span', { 'data-testid': id }, data ? String(data.total) : '…');
    }
    const view = render(
      createElement(
        'div',
        null,
        createElement(Badge, { id: 'a' }),
        createElement(Badge, { id: 'b' }),
        createElement(Badge, { id: 'c' }),
      ),
    );
    await pass(0);
    expect(['a', 'b', 'c'].map((id) => view.getByTestId(id).textContent)).toEqual(['9', '9', '9']);
    expect(server.reads()).toHaveLength(1);
    await pass(10_000); // the shortest interval wins: 1 s
    expect(server.reads()).toHaveLength(11);
    view.unmount();
    await pass(600_000);
    expect(server.reads()).toHaveLength(11);
  });

  it('pauses while the page is hidden and reads at once when it shows again', async () => {
    const server = setup(() => ({ status: 200, body: summaryOf(2) }));
    const { result } = renderHook(() => useUnreadSummary({ client: server.client, intervalMs: 1_000 }));
    await pass(0);
    expect(result.current.data?.total).toBe(2);
    act(() => setVisibility('hidden'));
    const hiddenAt = server.reads().length;
    await pass(60_000);
    expect(server.reads()).toHaveLength(hiddenAt);
    act(() => setVisibility('visible'));
    await pass(0);
    expect(server.reads()).toHaveLength(hiddenAt + 1);
  });
});

describe('a garbage summary does not break the hooks', () => {
  it('a 200 {"status":"maintenance"} is an error (data kept, stale); mark-read still POSTs and settles; real summaries show right counts', async () => {
    let mode: 'good' | 'garbage' = 'good';
    let unread = 3;
    const server = setup((request) => {
      if (request.method === 'POST') return { status: 204 };
      return mode === 'garbage'
        ? { status: 200, body: { status: 'maintenance' } }
        : { status: 200, body: summaryOf(unread) };
    });
    const { result } = renderHook(() => ({
      summary: useUnreadSummary({ client: server.client, intervalMs: 1_000 }),
      marking: useMarkRead({ client: server.client }),
    }));
    await pass(0);
    expect(result.current.summary.data?.total).toBe(3);

    mode = 'garbage';
    await pass(1_000);
    expect(result.current.summary.error).toBeInstanceOf(InboxApiError);
    expect(result.current.summary).toMatchObject({ stale: true, loading: false, data: { total: 3 } });

    // Mark read while the server sends garbage: the POST goes, the promise resolves, the key is not stuck.
    let marked!: Promise<void>;
    act(() => {
      marked = result.current.marking.markRead({ provider: 'cometchat', id: 'c1' });
    });
    expect(result.current.summary.data?.total).toBe(0); // optimistic
    await act(() => marked);
    await pass(0);
    expect(server.writes()).toHaveLength(1);
    expect(result.current.marking.pending).toBe(0);

    // Garbage goes on: polling goes on (backing off), nothing unhandled.
    const before = server.reads().length;
    await pass(120_000);
    expect(server.reads().length).toBeGreaterThan(before);

    // The server is back and says 3 (the mark did not stick): the page shows 3, not a stuck optimistic 0.
    mode = 'good';
    unread = 3;
    await pass(300_000);
    expect(result.current.summary.error).toBeUndefined();
    expect(result.current.summary.data?.total).toBe(3);
    expect(result.current.summary.data?.conversations[0]?.unread).toBe(3);
    expect(unhandled).toEqual([]);
  });

  it('rolls back when the POST fails, even while the summary is garbage', async () => {
    let mode: 'good' | 'garbage' = 'good';
    const server = setup((request) => {
      if (request.method === 'POST') return { status: 500, body: { error: { code: 'internal', message: 'x' } } };
      return mode === 'garbage'
        ? { status: 200, body: '<html>maintenance</html>' }
        : { status: 200, body: summaryOf(4) };
    });
    const { result } = renderHook(() => ({
      summary: useUnreadSummary({ client: server.client, intervalMs: 1_000 }),
      marking: useMarkRead({ client: server.client }),
    }));
    await pass(0);
    mode = 'garbage';
    await pass(1_000);
    let failed!: Promise<unknown>;
    act(() => {
      failed = result.current.marking.markRead({ provider: 'cometchat', id: 'c1' }).catch((error: unknown) => error);
    });
    expect(await act(() => failed)).toMatchObject({ status: 500 });
    await pass(0);
    expect(result.current.summary.data?.total).toBe(4);
    expect(result.current.marking.pending).toBe(0);
    expect(unhandled).toEqual([]);
  });

  it('a bad id is refused before any POST, and the optimistic 0 rolls back', async () => {
    const server = setup(() => ({ status: 200, body: summaryOf(2) }));
    const { result } = renderHook(() => ({
      summary: useUnreadSummary({ client: server.client, intervalMs: 1_000 }),
      marking: useMarkRead({ client: server.client }),
    }));
    await pass(0);
    let failed!: Promise<unknown>;
    act(() => {
      failed = result.current.marking.markRead({ provider: 'cometchat', id: '..' }).catch((error: unknown) => error);
    });
    expect(await act(() => failed)).toBeInstanceOf(TypeError);
    expect(server.writes()).toHaveLength(0);
    expect(result.current.summary.data?.total).toBe(2);
  });
});
