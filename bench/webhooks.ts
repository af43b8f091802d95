/**
 * Vendor reads per watched user per hour: webhooks + reconciliation vs polling every 15 s.
 * One simulated hour (the handler's clock is simulated; vendor I/O is an in-process CometChat stand-in
 * behind the client's `fetch` option, counting List Conversations calls per user). In both modes the
 * page asks GET /summary every 15 s. Polling: `cacheTtlMs` 15 s, no webhooks. Webhooks: CometChat
 * `message_sent` / `message_read_receipt` deliveries, 30 % of them dropped, duplicated or delayed (as
 * `--fail-rate 0.3` makes the mock), `cacheTtlMs` = `reconcileMs` = 5 min. At the end, after one more
 * reconcileMs, every user's summary is compared with the vendor's truth.
 * Run alone: `npm run bench:webhooks` (or `node --import tsx bench/webhooks.ts`).
 */
import { fileURLToPath } from 'node:url';
import { createCometChatClient } from '../src/index.js';
import { createInboxHandler, createMemoryStore, type InboxHandler } from '../src/server/index.js';
import { cometchatListResponse } from './lib/cometchat-list-response.js';

const USERS = 20;
const HOUR_MS = 3_600_000;
const POLL_MS = 15_000;
const FAIL_RATE = 0.3;
const CREDENTIALS = { username: 'bench-hook', password: 'bench-webhook-password-123' };

/** A seeded generator (mulberry32): the same figures on every run. */
function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Each user has one conversation with `peer`; the vendor counts reads per user. */
function vendor() {
  const unread = new Map<string, number>();
  const reads = new Map<string, number>();
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const uid = request.headers.get('onbehalfof') ?? '';
    reads.set(uid, (reads.get(uid) ?? 0) + 1);
    return cometchatListResponse(uid, unread.get(uid) ?? 0);
  };
  return { unread, reads, fetch: fetch as typeof globalThis.fetch };
}

async function run(mode: 'polling' | 'webhooks', eventsPerUserHour: number) {
  const random = seeded(42 + eventsPerUserHour);
  let clock = 1_800_000_000_000;
  const now = () => clock;
  const vendors = vendor();
  const client = createCometChatClient({ appId: 'bench', region: 'eu', apiKey: 'bench-key', fetch: vendors.fetch });
  const handler: InboxHandler = createInboxHandler({
    cometchat: { client },
    resolveUser: (request) => ({ cometchat: { uid: request.headers.get('x-uid')! } }),
    store: createMemoryStore({ now }),
    now,
    ...(mode === 'polling' ? { cacheTtlMs: POLL_MS } : { webhooks: { cometchat: CREDENTIALS } }),
  });
  const users = Array.from({ length: USERS }, (_, index) => `user${index}`);
  const auth = `Basic ${Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString('base64')}`;
  const post = (event: unknown) =>
    handler(
      new Request('http://site.test/api/inbox/webhooks/cometchat', {
        method: 'POST',
        body: JSON.stringify(event),
        headers: { 'content-type': 'application/json', authorization: auth },
      }),
    );
  const summary = async (uid: string) =>
    (
      (await (
        await handler(new Request('http://site.test/api/inbox/summary', { headers: { 'x-uid': uid } }))
      ).json()) as { total: number }
    ).total;

  // The hour's events: a message to the user (+1 unread), or the user reading it all (0), at random times.
  const events = users
    .flatMap((uid) =>
      Array.from({ length: eventsPerUserHour }, () => ({
        uid,
        at: Math.floor(random() * HOUR_MS),
        read: random() < 0.4,
      })),
    )
    .sort((a, b) => a.at - b.at);
  let delayed: { due: number; event: unknown }[] = [];
  let next = 0;
  let id = 1;
  for (let t = 0; t <= HOUR_MS; t += POLL_MS) {
    clock = 1_800_000_000_000 + t;
    for (; next < events.length && events[next]!.at <= t; next++) {
      const { uid, read, at } = events[next]!;
      vendors.unread.set(uid, read ? 0 : (vendors.unread.get(uid) ?? 0) + 1);
      if (mode === 'polling') continue;
      const messageId = String(id++);
      const event = read
        ? {
            trigger: 'message_read_receipt',
            data: {
              receiver: 'peer',
              receiverType: 'user',
              type: 'receipts',
              sender: uid,
              messageSender: 'peer',
              body: { action: 'read', messageId, timestamp: Math.floor(at / 1000) },
            },
            appId: 'bench',
            region: 'eu',
            webhook: 'w',
          }
        : {
            trigger: 'message_sent',
            data: {
              message: {
                id: messageId,
                conversationId: `peer_user_${uid}`,
                sender: 'peer',
                receiverType: 'user',
                receiver: uid,
                category: 'message',
                type: 'text',
                sentAt: Math.floor(at / 1000),
              },
            },
            appId: 'bench',
            region: 'eu',
            webhook: 'w',
          };
      const roll = random();
      if (roll >= FAIL_RATE) await post(event);
      else if (roll < FAIL_RATE / 3)
        continue; // dropped
      else if (roll < (2 * FAIL_RATE) / 3)
        await Promise.all([post(event), post(event)]); // duplicated
      else delayed.push({ due: t + POLL_MS * 2, event }); // delayed past later events
    }
    for (const late of delayed.filter((item) => item.due <= t)) await post(late.event);
    delayed = delayed.filter((item) => item.due > t);
    await handler.changes.settled();
    for (const uid of users) await summary(uid); // the page's poll
  }
  const hourReads = [...vendors.reads.values()].reduce((sum, count) => sum + count, 0);
  // One more reconcileMs of polling: every badge must then equal the vendor's count.
  for (let t = 0; t <= 300_000; t += POLL_MS) {
    clock += POLL_MS;
    for (const uid of users) await summary(uid);
  }
  let wrong = 0;
  for (const uid of users) if ((await summary(uid)) !== (vendors.unread.get(uid) ?? 0)) wrong++;
  handler.changes.close();
  return { readsPerUserHour: hourReads / USERS, wrong };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const polling = await run('polling', 6);
  console.log(
    `Vendor reads per watched user per hour (${USERS} users, page polls GET /summary every 15 s, webhooks fail-rate ${FAIL_RATE}):`,
  );
  console.log(
    `  polling every 15 s (cacheTtlMs 15 s):           ${polling.readsPerUserHour.toFixed(1)}  (wrong badges after reconcileMs: ${polling.wrong})`,
  );
  for (const rate of [0, 6, 12, 30]) {
    const hooks = await run('webhooks', rate);
    console.log(
      `  webhooks + reconciliation, ${String(rate).padStart(2)} events/user/hour: ${hooks.readsPerUserHour.toFixed(1).padStart(5)}  (${(polling.readsPerUserHour / hooks.readsPerUserHour).toFixed(1)}× fewer; wrong badges after reconcileMs: ${hooks.wrong})`,
    );
  }
}

export { run };
