import {
  ApiError,
  ConnectionError,
  createCommBoxClient,
  InvalidResponseError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  type AttemptEvent,
} from 'conversations-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeTimersLeft, runOnFakeClock } from '../support/fake-clock.js';
import { startFaultServer, type Fault, type FaultServer } from '../support/fault-server.js';
import { pick, seededRandom } from '../support/seeded-random.js';

const MAX_RETRIES = 2;
// The client's default. The clock is fake and moves only while every attempt in flight is one the
// server stalls (runOnFakeClock): only a stall reaches the deadline, however slow the machine, and
// waiting it out costs no wall time.
const TIMEOUT_MS = 30_000;
const CALLS = 300;
const CONCURRENCY = 100;
const STALLS: ReadonlySet<Fault> = new Set(['stall', 'stall-body']);

const RETRYABLE: Record<string, new (...args: never[]) => ApiError> = {
  'rate-limit': RateLimitError,
  'rate-limit-date': RateLimitError,
  'rate-limit-reset': RateLimitError,
  'server-error': ServerError,
  'bad-gateway-html': ServerError,
  unavailable: ServerError,
  reset: ConnectionError,
  stall: TimeoutError,
  // The body is read inside the attempt: one that breaks off or stalls is retried like a lost connection.
  'cut-body': ConnectionError,
  'stall-body': TimeoutError,
};
const FINAL: Record<string, new (...args: never[]) => ApiError> = {
  'rate-limit-long': RateLimitError,
  'truncated-json': InvalidResponseError,
  'not-found': NotFoundError,
  'not-implemented': ServerError,
};
const FAULTS = [...Object.keys(RETRYABLE), ...Object.keys(FINAL)] as Fault[];

/** What the client must do with a planned sequence of attempts: the outcome and how many attempts it takes. */
function expected(plan: Fault[]): { attempts: number; ok: boolean; error?: new (...args: never[]) => ApiError } {
  for (let attempt = 1; attempt <= plan.length; attempt++) {
    const fault = plan[attempt - 1]!;
    if (fault === 'ok') return { attempts: attempt, ok: true };
    if (FINAL[fault]) return { attempts: attempt, ok: false, error: FINAL[fault] };
    if (attempt === MAX_RETRIES + 1) return { attempts: attempt, ok: false, error: RETRYABLE[fault] };
  }
  throw new Error('a plan always ends');
}

const userObjects = (id: number) => ({
  totalUnreadChatMessages: id % 7,
  status: 200,
  description: 'Operation successful',
  response_time: '2026-02-12T15:09:23.9981289Z',
  data: [{ objectId: id, unreadMessages: id % 7, message: `<p>message ${id}</p>` }],
});

function objectsPage(url: URL, total: number) {
  const pageNumber = Number(url.searchParams.get('pageNumber'));
  const pageSize = Number(url.searchParams.get('pageSize'));
  const first = pageNumber * pageSize + 1;
  const count = Math.max(0, Math.min(pageSize, total - first + 1));
  return {
    status: 200,
    description: 'Operation successful',
    data: Array.from({ length: count }, (_, i) => ({ objectId: first + i })),
  };
}

/**
 * What is in flight: attempts the client started (its `fetch`) and ended (`onAttempt`), stalls the
 * server received and the client timed out. Idle when every open attempt is a stall.
 */
function traffic() {
  const count = { started: 0, ended: 0, stalled: 0, timedOut: 0 };
  return {
    count,
    fetch: ((input, init) => {
      count.started++;
      return globalThis.fetch(input, init);
    }) as typeof fetch,
    onAttempt: (event: AttemptEvent) => {
      count.ended++;
      if (event.error instanceof TimeoutError) count.timedOut++;
    },
    /** Call with each fault the server acts on. */
    served: (fault: Fault) => {
      if (STALLS.has(fault)) count.stalled++;
      return fault;
    },
    idle: () => count.started - count.ended === count.stalled - count.timedOut,
  };
}

/** A client with short delays, its attempts counted by `flow`. */
const faultClient = (server: FaultServer, flow: ReturnType<typeof traffic>) =>
  createCommBoxClient({
    token: 'fault-token',
    baseUrl: server.url,
    maxRetries: MAX_RETRIES,
    timeoutMs: TIMEOUT_MS,
    retry: { initialDelayMs: 2, maxDelayMs: 8 },
    fetch: flow.fetch,
    onAttempt: flow.onAttempt,
  });

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

// Only the timers: Date stays real (the server's Retry-After dates), so do sockets and setImmediate.
beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => vi.useRealTimers());

describe('several hundred seeded calls under injected faults', () => {
  const random = seededRandom(20261121);
  const plans = new Map<string, Fault[]>();
  const flow = traffic();
  for (let id = 1; id <= CALLS; id++) {
    const plan: Fault[] = [];
    for (let attempt = 1; attempt <= MAX_RETRIES + 1; attempt++) {
      const fault: Fault = random() < 0.45 ? 'ok' : pick(random, FAULTS);
      plan.push(fault);
      if (fault === 'ok' || FINAL[fault]) break;
    }
    plans.set(`/v2/users/identities/${id}/objects`, plan);
  }
  let server: FaultServer;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    server = await startFaultServer(
      (key, attempt) => flow.served(plans.get(key)?.[attempt - 1] ?? 'not-found'),
      (url) => userObjects(Number(url.pathname.split('/')[4])),
    );
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await server.close();
  });

  it(
    'each call resolves to the exact body or rejects with the right error after the right number of attempts',
    { timeout: 300_000 },
    async () => {
      const timersBefore = timeouts();
      const commbox = faultClient(server, flow);
      const ids = Array.from({ length: CALLS }, (_, i) => i + 1);
      const outcomes = new Map<number, unknown>();
      const worker = async () => {
        for (let id = ids.shift(); id !== undefined; id = ids.shift()) {
          outcomes.set(id, await commbox.getUserObjects(id).catch((error: unknown) => error));
        }
      };
      await runOnFakeClock(Promise.all(Array.from({ length: CONCURRENCY }, worker)), flow.idle);

      const seen = new Set<string>();
      for (const [key, plan] of plans) {
        const id = Number(key.split('/')[4]);
        const want = expected(plan);
        const got = outcomes.get(id);
        seen.add(want.ok ? 'ok' : want.error!.name);
        expect(server.attempts.get(key), `${key} ${plan.join(',')}`).toBe(want.attempts);
        if (want.ok) expect(got, `${key} ${plan.join(',')}`).toEqual({ ...userObjects(id), mayBeTruncated: false });
        else expect(got, `${key} ${plan.join(',')}`).toBeInstanceOf(want.error!);
        if (got instanceof ApiError) expect(got.operation).toBe('getUserObjects');
      }
      // The seed exercises every kind of outcome.
      expect([...seen].sort()).toEqual([
        'ConnectionError',
        'InvalidResponseError',
        'NotFoundError',
        'RateLimitError',
        'ServerError',
        'TimeoutError',
        'ok',
      ]);
      // Every stall, and only stalls, was waited out on the fake clock.
      expect(flow.count.timedOut).toBe(flow.count.stalled);
      expect(flow.count.timedOut).toBeGreaterThan(0);
      // Every deadline and wait was released (what is left goes with the connections).
      await server.close();
      expect(await fakeTimersLeft(TIMEOUT_MS - 1)).toBe(0);
      expect(timeouts()).toBeLessThanOrEqual(timersBefore);
      expect(unhandled).toEqual([]);
    },
  );
});

describe('a paginated walk under injected faults', () => {
  const TOTAL = 3_050;
  let server: FaultServer;
  const random = seededRandom(7);
  const flow = traffic();
  // Stalls too: on the fake clock, waiting out their deadlines one page after another costs nothing.
  const retryable = Object.keys(RETRYABLE) as Fault[];

  beforeAll(async () => {
    // Each page fails at most MAX_RETRIES times in a row, so every page arrives.
    const plans = new Map<string, Fault[]>();
    server = await startFaultServer(
      (key, attempt) => {
        if (!plans.has(key)) {
          const failures = Math.floor(random() * (MAX_RETRIES + 1));
          plans.set(key, [...Array.from({ length: failures }, () => pick(random, retryable)), 'ok']);
        }
        return flow.served(plans.get(key)![attempt - 1] ?? 'not-found');
      },
      (url) => objectsPage(url, TOTAL),
    );
  });
  afterAll(() => server.close());

  it('yields every object exactly once, in order', { timeout: 60_000 }, async () => {
    const timersBefore = timeouts();
    const commbox = faultClient(server, flow);
    const ids: number[] = [];
    const walk = async () => {
      for await (const item of commbox.streamObjects(42, { unixStartTime: 0, unixEndTime: 1_800_000_000 })) {
        if ('objectId' in item) ids.push(item.objectId);
      }
    };
    await runOnFakeClock(walk(), flow.idle);
    expect(ids).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    const pagesRequested = [...server.attempts.keys()].map((key) =>
      Number(new URL(key, 'http://x').searchParams.get('pageNumber')),
    );
    expect(pagesRequested.sort((a, b) => a - b)).toEqual(Array.from({ length: 31 }, (_, i) => i));
    expect([...server.attempts.values()].some((attempts) => attempts > 1)).toBe(true);
    expect(flow.count.timedOut).toBe(flow.count.stalled);
    expect(flow.count.stalled).toBeGreaterThan(0);
    // Every deadline and wait was released (what is left goes with the connections).
    await server.close();
    expect(await fakeTimersLeft(TIMEOUT_MS - 1)).toBe(0);
    expect(timeouts()).toBeLessThanOrEqual(timersBefore);
  });
});
