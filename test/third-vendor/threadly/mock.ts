import { fileURLToPath } from 'node:url';
import type { MockVendor, MockVendorContext, MockVendorState } from '../../../src/mock/mock-vendor.js';
import { copy } from '../../../src/mock/stateful/examples.js';
import { forgetHeld, heldKey, type Held } from '../../../src/mock/stateful/held.js';
import { advanceLive, createLiveFeed } from '../../../src/mock/stateful/live.js';
import { newestFirst } from '../../../src/mock/stateful/newest-first.js';
import { createRandom, seedFor } from '../../../src/mock/stateful/random.js';
import { DEFAULT_SCENARIO } from '../../../src/mock/stateful/scenario.js';
import type { OperationCall, Reply } from '../../../src/mock/stateful/types.js';
import { CUSTOMER_TEXTS, FIRST_NAMES } from '../../../src/mock/stateful/words.js';
import type { Thread } from './client.js';

/** `count` threads of a member, the newest a little before `anchor`: a few unseen, most seen. */
export function generateThreads(seed: number, memberId: string, anchor: number, count = 40): Thread[] {
  const random = createRandom(seedFor(seed, 'threadly', memberId));
  let at = anchor - random.int(2, 30) * 60_000;
  return Array.from({ length: count }, (_, index) => {
    const thread: Thread = {
      threadId: `t-${1000 + index}`,
      subject: `${random.pick(FIRST_NAMES)}: order ${random.int(1000, 9999)}`,
      unseen: random.chance(index < 8 ? 0.6 : 0.1) ? random.int(1, 3) : 0,
      lastActivity: at,
      preview: random.pick(CUSTOMER_TEXTS),
    };
    at -= random.int(3, 300) * 60_000;
    return thread;
  });
}

/** The threads of the scenario's List Threads example (the first one by default). */
function exampleThreads(context: MockVendorContext<never>, scenario: string): Thread[] {
  const list = context.examples.find((operation) => operation.method === 'GET' && operation.path.endsWith('/threads'));
  const value = scenario === DEFAULT_SCENARIO ? list?.success.values().next().value : list?.success.get(scenario);
  return copy(((value as { items?: Thread[] } | undefined)?.items ?? []).filter((thread) => thread?.threadId));
}

/** Threadly's state: a member's threads per scenario (examples, or generated); Mark Seen zeroes one. */
function threadlyMockState(context: MockVendorContext<never>): MockVendorState {
  const held = new Map<string, Held<Thread[]>>();

  function threadsOf(scenario: string, memberId: string): Thread[] {
    const key = heldKey(scenario, memberId);
    let set = held.get(key);
    if (!set) {
      set = context.generated(scenario)
        ? {
            data: generateThreads(context.seed, memberId, context.anchor()),
            live: scenario === 'live' ? createLiveFeed(context.seed, `threadly:${memberId}`, context.now()) : undefined,
          }
        : { data: exampleThreads(context, scenario) };
      held.set(key, set);
    }
    const { data } = set;
    if (set.live)
      advanceLive(set.live, context.now(), (at, random) => {
        const thread = random.pick(data);
        thread.unseen = (thread.unseen ?? 0) + 1;
        thread.lastActivity = at;
        thread.preview = random.pick(CUSTOMER_TEXTS);
      });
    return data;
  }

  function reply(call: OperationCall): Reply {
    const memberId = call.params.memberId ?? '';
    const threads = threadsOf(call.scenario, memberId);
    if (call.method === 'GET' && call.path.endsWith('/threads')) {
      const items = newestFirst(threads, (thread) => thread.lastActivity ?? 0);
      const unseenTotal = items.reduce((sum, thread) => sum + (thread.unseen ?? 0), 0);
      return { status: 200, body: { unseenTotal, items } };
    }
    if (call.method === 'POST' && call.path.endsWith('/seen')) {
      const thread = threads.find((candidate) => candidate.threadId === call.params.threadId);
      if (!thread)
        return { status: 404, body: { fault: { kind: 'NOT_FOUND', detail: `No thread ${call.params.threadId}` } } };
      thread.unseen = 0;
      return undefined; // Prism's { seen: true }
    }
    return undefined;
  }

  return {
    reply,
    reset: (scenario) => forgetHeld(held, scenario),
    advanceLive() {
      for (const [key, set] of [...held]) {
        const [scenario, memberId] = key.split('\u0000');
        if (set.live && memberId !== undefined) threadsOf(scenario!, memberId);
      }
    },
  };
}

/** Threadly's mock part: its own spec (outside the package, so an absolute path), its state, its quota header; no webhooks. */
export const threadlyMock = {
  id: 'threadly',
  title: 'Threadly',
  spec: fileURLToPath(new URL('./threadly.yaml', import.meta.url)),
  defaultPort: 4013,
  portEnv: 'THREADLY_MOCK_PORT',
  createState: threadlyMockState,
  rateLimitHeaders: (seconds) => ({ 'x-quota-retry-ms': String(seconds * 1000) }),
} as const satisfies MockVendor<'threadly'>;
