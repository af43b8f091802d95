// @vitest-environment jsdom
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { once } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createElement, type ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInboxClient, InboxApiError, type InboxClient } from '../../src/browser/index.js';
import { InboxClientProvider, useMarkRead, useUnreadSummary } from '../../src/react/index.js';

/**
 * `npm start`'s stack (vendor mocks, the handler, the page's origin), started programmatically on free
 * ports in a worker thread (a Node context without jsdom's globals). Its own mocks: these tests mark
 * conversations read, which other files must not see. Every wait below waits on a condition; what needs
 * time to pass (intervals, hiding, unmounting, backoff) is in poll.test.ts, on fake timers.
 */
let worker: Worker;
const stack = { url: '' };

/** Sends the worker a command and waits for its answer. */
async function command(message: 'reset' | 'close'): Promise<void> {
  const answered = new Promise<void>((resolve) => {
    const onMessage = (reply: { done?: string }) => {
      if (reply.done !== message) return;
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
  });
  worker.postMessage(message);
  await answered;
}

beforeAll(async () => {
  worker = new Worker(join(import.meta.dirname, 'support', 'local-stack.worker.mjs'));
  const [started] = (await Promise.race([
    once(worker, 'message'),
    once(worker, 'error').then(([error]) => Promise.reject(error)),
  ])) as [{ url: string }];
  stack.url = started.url;
}, 180_000); // starts servers: a deadline far above the work on a loaded machine
afterAll(async () => {
  if (!worker) return;
  const exited = once(worker, 'exit');
  await Promise.race([command('close'), exited]);
  await worker.terminate();
}, 180_000);
afterEach(async () => {
  cleanup();
  await command('reset');
});

interface Probe {
  client: InboxClient;
  /** Summary GETs and mark-read POSTs the client sent. */
  reads: () => number;
  writes: () => number;
  /** Holds every POST until `release()`. */
  gate: () => { release: () => void };
  /** Makes every summary read fail with this status until `fail(undefined)`. */
  fail: (status: number | undefined) => void;
}

/** A real inbox client against the local stack, in a scenario (the stack's cookie), counting its requests. */
function probe(scenario: string): Probe {
  let reads = 0;
  let writes = 0;
  let held: Promise<void> | undefined;
  let failing: number | undefined;
  const counting: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const headers = new Headers(request.headers);
    headers.set('cookie', `mock-scenario=${scenario}`);
    if (request.method === 'POST') {
      writes++;
      await held;
    } else {
      reads++;
      if (failing)
        return new Response(JSON.stringify({ error: { code: 'unavailable', message: 'down for a test' } }), {
          status: failing,
          headers: { 'content-type': 'application/json', 'retry-after': '0' },
        });
    }
    return fetch(request.url, {
      method: request.method,
      headers,
      body: request.method === 'POST' ? await request.text() : undefined,
    });
  };
  return {
    client: createInboxClient({ baseUrl: `${stack.url}/api/inbox`, fetch: counting }),
    reads: () => reads,
    writes: () => writes,
    gate: () => {
      let release!: () => void;
      held = new Promise((resolve) => (release = resolve));
      return { release: () => (release(), (held = undefined)) };
    },
    fail: (status) => (failing = status),
  };
}

describe('useUnreadSummary', () => {
  it('loads, then shows the summary from the server', async () => {
    const { client } = probe('unread');
    const { result } = renderHook(() => useUnreadSummary({ client, intervalMs: 60_000 }));
    expect(result.current).toMatchObject({ loading: true, data: undefined, error: undefined, stale: false });
    await waitFor(() => expect(result.current.loading).toBe(false), { timeout: 10_000 });
    expect(result.current.data?.total).toBe(9);
    expect(result.current.data?.byProvider).toEqual({ commbox: 4, cometchat: 5 });
    expect(result.current.stale).toBe(false);
  });

  it('keeps the last data, marked stale, while the server fails; and recovers', async () => {
    const { client, fail } = probe('unread');
    const { result } = renderHook(() => useUnreadSummary({ client, intervalMs: 50 }));
    await waitFor(() => expect(result.current.data?.total).toBe(9), { timeout: 10_000 });
    fail(503);
    await waitFor(() => expect(result.current.error).toBeInstanceOf(InboxApiError), { timeout: 10_000 });
    expect(result.current).toMatchObject({ stale: true, loading: false, data: { total: 9 } });
    fail(undefined);
    await waitFor(() => expect(result.current.error).toBeUndefined(), { timeout: 10_000 });
    expect(result.current.stale).toBe(false);
  });

  it('says clearly when there is no client, and refuses a bad interval', () => {
    expect(() => renderHook(() => useUnreadSummary())).toThrow(/useUnreadSummary: client is required/);
    const { client } = probe('unread');
    expect(() => renderHook(() => useUnreadSummary({ client, intervalMs: 0 }))).toThrow(/intervalMs/);
  });
});

describe('useMarkRead', () => {
  it('shows the conversation read at once, before the server answers; the server then agrees', async () => {
    const { client, gate, writes } = probe('unread');
    const wrapper = ({ children }: { children?: ReactNode }) =>
      createElement(InboxClientProvider, { client }, children);
    const { result } = renderHook(
      () => ({ summary: useUnreadSummary({ intervalMs: 60_000 }), marking: useMarkRead() }),
      { wrapper },
    );
    await waitFor(() => expect(result.current.summary.data?.total).toBe(9), { timeout: 10_000 });
    const conversation = result.current.summary.data!.conversations.find((c) => c.id === 'superhero3_user_superhero4')!;
    expect(conversation.unread).toBe(3);

    const held = gate();
    let done!: Promise<void>;
    act(() => {
      done = result.current.marking.markRead(conversation);
    });
    await waitFor(() => expect(writes()).toBe(1));
    // Optimistic: at 0 while the POST is still held.
    expect(result.current.summary.data?.conversations.find((c) => c.id === conversation.id)?.unread).toBe(0);
    expect(result.current.summary.data?.total).toBe(6);
    expect(result.current.summary.data?.byProvider.cometchat).toBe(2);
    expect(result.current.marking.pending).toBe(1);
    held.release();
    await act(() => done);
    await waitFor(() => expect(result.current.marking.pending).toBe(0));
    // The server's own summary shows it read (the mock kept the mark).
    const fresh = await client.summary();
    expect(fresh.conversations.find((c) => c.id === conversation.id)?.unread).toBe(0);
    expect(fresh.total).toBe(6);
    expect(result.current.summary.data?.total).toBe(6);
  });

  it('rolls back when the server refuses (CommBox has no read endpoint: 501)', async () => {
    // Another scenario than the test above: the handler's short cache may still hold that one's summary.
    const { client, gate } = probe('many');
    const { result } = renderHook(() => ({
      summary: useUnreadSummary({ client, intervalMs: 60_000 }),
      marking: useMarkRead({ client }),
    }));
    await waitFor(() => expect(result.current.summary.data).toBeDefined(), { timeout: 10_000 });
    const total = result.current.summary.data!.total;
    const commbox = result.current.summary.data!.conversations.find((c) => c.provider === 'commbox' && c.unread > 0)!;
    const held = gate();
    let failed!: Promise<unknown>;
    act(() => {
      failed = result.current.marking.markRead(commbox).catch((error: unknown) => error);
    });
    await waitFor(() => expect(result.current.summary.data?.total).toBe(total - commbox.unread));
    held.release();
    const error = await act(() => failed);
    expect(error).toBeInstanceOf(InboxApiError);
    expect((error as InboxApiError).status).toBe(501);
    await waitFor(() => expect(result.current.summary.data?.total).toBe(total));
    expect(result.current.summary.data?.conversations.find((c) => c.id === commbox.id)?.unread).toBe(commbox.unread);
    expect(result.current.marking.error).toBe(error);
  });
});
