import {
  ApiError,
  ConnectionError,
  createCommBoxClient,
  InvalidResponseError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from 'conversations-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultServer, type Fault, type FaultServer } from '../support/fault-server.js';
import { pick, seededRandom } from '../support/seeded-random.js';

const MAX_RETRIES = 2;
// Far above any real answer on a loaded machine (4 s was reached by a healthy answer beside 100 calls
// in flight on a busy 2-core machine): only a stalled server reaches it.
const TIMEOUT_MS = 10_000;
const CALLS = 300;
// Wide enough that the few stalls (each costing TIMEOUT_MS) overlap instead of queueing.
const CONCURRENCY = 100;

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
  return { status: 200, description: 'Operation successful', data: Array.from({ length: count }, (_, i) => ({ objectId: first + i })) };
}

/** A client with short delays, so the suite finishes in seconds. */
const faultClient = (server: FaultServer) =>
  createCommBoxClient({
    token: 'fault-token',
    baseUrl: server.url,
    maxRetries: MAX_RETRIES,
    timeoutMs: TIMEOUT_MS,
    retry: { initialDelayMs: 2, maxDelayMs: 8 },
  });

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('several hundred seeded calls under injected faults', () => {
  const random = seededRandom(20261121);
  const plans = new Map<string, Fault[]>();
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
      (key, attempt) => plans.get(key)?.[attempt - 1] ?? 'not-found',
      (url) => userObjects(Number(url.pathname.split('/')[4])),
    );
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await server.close();
  });

  it('each call resolves to the exact body or rejects with the right error after the right number of attempts', { timeout: 300_000 }, async () => {
    const timersBefore = timeouts();
    const commbox = faultClient(server);
    const ids = Array.from({ length: CALLS }, (_, i) => i + 1);
    const outcomes = new Map<number, unknown>();
    const worker = async () => {
      for (let id = ids.shift(); id !== undefined; id = ids.shift()) {
        outcomes.set(id, await commbox.getUserObjects(id).catch((error: unknown) => error));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

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
    expect([...seen].sort()).toEqual(['ConnectionError', 'InvalidResponseError', 'NotFoundError', 'RateLimitError', 'ServerError', 'TimeoutError', 'ok']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(timeouts()).toBeLessThanOrEqual(timersBefore);
    expect(unhandled).toEqual([]);
  });
});

describe('a paginated walk under injected faults', () => {
  const TOTAL = 3_050;
  let server: FaultServer;
  const random = seededRandom(7);
  // Stalls are covered above; here they would only make the walk wait out timeouts one after another.
  const retryable = (Object.keys(RETRYABLE) as Fault[]).filter((fault) => !fault.startsWith('stall'));

  beforeAll(async () => {
    // Each page fails at most MAX_RETRIES times in a row, so every page arrives.
    const plans = new Map<string, Fault[]>();
    server = await startFaultServer(
      (key, attempt) => {
        if (!plans.has(key)) {
          const failures = Math.floor(random() * (MAX_RETRIES + 1));
          plans.set(key, [...Array.from({ length: failures }, () => pick(random, retryable)), 'ok']);
        }
        return plans.get(key)![attempt - 1] ?? 'not-found';
      },
      (url) => objectsPage(url, TOTAL),
    );
  });
  afterAll(() => server.close());

  it('yields every object exactly once, in order', { timeout: 60_000 }, async () => {
    const timersBefore = timeouts();
    const commbox = faultClient(server);
    const ids: number[] = [];
    for await (const item of commbox.streamObjects(42, { unixStartTime: 0, unixEndTime: 1_800_000_000 })) {
      if ('objectId' in item) ids.push(item.objectId);
    }
    expect(ids).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    const pagesRequested = [...server.attempts.keys()].map((key) => Number(new URL(key, 'http://x').searchParams.get('pageNumber')));
    expect(pagesRequested.sort((a, b) => a - b)).toEqual(Array.from({ length: 31 }, (_, i) => i));
    expect([...server.attempts.values()].some((attempts) => attempts > 1)).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(timeouts()).toBeLessThanOrEqual(timersBefore);
  });
});
