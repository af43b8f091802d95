import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from '../../support/loopback-server.js';
import { loadSpec } from '../../support/spec.js';

type Json = Record<string, any>;

/**
 * Loopback CometChat and CommBox whose unread counts the test sets, counting reads per user.
 * CometChat: every uid sees a one-to-one conversation with each uid of `peers` and the group `g1`.
 * `hang` makes reads wait until `release()` (or close).
 */
export async function startVendors(peers: readonly string[] = ['alice', 'bob', 'carol']) {
  const spec = loadSpec('cometchat') as Json;
  const template = spec.paths['/conversations'].get.responses['200'].content['application/json'].examples.inbox.value
    .data as Json[];
  const [userTemplate, groupTemplate] = [
    template.find((c) => c.conversationType === 'user')!,
    template.find((c) => c.conversationType === 'group')!,
  ];
  const commboxBody = JSON.stringify(
    (loadSpec('commbox') as Json).paths['/v2/users/identities/{USER_IDENTITY_ID}/objects'].get.responses['200'].content[
      'application/json'
    ].examples.success.value,
  );
  const unread = new Map<string, number>();
  const reads = new Map<string, number>();
  const waiting: (() => void)[] = [];
  const state = { hang: false };

  const conversationsOf = (uid: string): Json[] => {
    const list = peers
      .filter((peer) => peer !== uid)
      .map((peer) => {
        const conversationId = [uid, peer].sort().join('_user_');
        return {
          ...structuredClone(userTemplate),
          conversationId,
          unreadMessageCount: unread.get(`${uid}|${conversationId}`) ?? 0,
          conversationWith: { ...userTemplate.conversationWith, uid: peer, conversationId },
        };
      });
    const conversationId = 'group_g1';
    list.push({
      ...structuredClone(groupTemplate),
      conversationId,
      unreadMessageCount: unread.get(`${uid}|${conversationId}`) ?? 0,
      conversationWith: { ...groupTemplate.conversationWith, guid: 'g1', conversationId },
    });
    return list;
  };

  const listener = (provider: 'cometchat' | 'commbox') => (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://vendor.test');
    request.resume();
    const send = (body: string) => {
      if (response.writableEnded) return;
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
    };
    let answer: () => void;
    if (provider === 'cometchat' && request.method === 'GET' && url.pathname === '/conversations') {
      const uid = String(request.headers.onbehalfof ?? '');
      reads.set(`cometchat:${uid}`, (reads.get(`cometchat:${uid}`) ?? 0) + 1);
      answer = () => {
        const data = conversationsOf(uid);
        send(
          JSON.stringify({
            data,
            meta: {
              pagination: { total: data.length, count: data.length, per_page: 100, current_page: 1, total_pages: 1 },
            },
          }),
        );
      };
    } else if (provider === 'commbox' && request.method === 'GET' && /\/objects$/.test(url.pathname)) {
      const identity = url.pathname.split('/')[4]!;
      reads.set(`commbox:${identity}`, (reads.get(`commbox:${identity}`) ?? 0) + 1);
      answer = () => send(commboxBody);
    } else {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"error":{"code":"ERR_NOT_FOUND","message":"not here"}}');
      return;
    }
    if (state.hang) waiting.push(answer);
    else answer();
  };

  const servers = await Promise.all([listenOnLoopback(listener('cometchat')), listenOnLoopback(listener('commbox'))]);
  return {
    cometchatUrl: servers[0]!.url,
    commboxUrl: servers[1]!.url,
    /** Sets what `uid` sees unread in a conversation (`alice_user_bob`, `group_g1`). */
    setUnread: (uid: string, conversationId: string, count: number) => unread.set(`${uid}|${conversationId}`, count),
    /** Vendor reads of one user so far (`cometchat:alice`, `commbox:558355`). */
    readsOf: (key: string) => reads.get(key) ?? 0,
    state,
    release() {
      for (const answer of waiting.splice(0)) answer();
    },
    close: async () => {
      for (const answer of waiting.splice(0)) answer();
      await Promise.all(servers.map((server) => server.close()));
    },
  };
}

export type Vendors = Awaited<ReturnType<typeof startVendors>>;
