import type { MockVendorContext, MockVendorState } from '../../../mock/mock-vendor.js';
import { copy } from '../../../mock/stateful/examples.js';
import { forgetHeld, heldKey, type Held } from '../../../mock/stateful/held.js';
import { advanceLive, createLiveFeed } from '../../../mock/stateful/live.js';
import { DEFAULT_SCENARIO } from '../../../mock/stateful/scenario.js';
import type { Wire } from '../../../mock/stateful/types.js';
import { CUSTOMER_TEXTS } from '../../../mock/stateful/words.js';
import { addCometChatMessage, generateCometChat, otherSender, type CometChatData } from './data.js';
import { cometchatReply } from './routes.js';

/** What CometChat's state reports: a `live` message, or a conversation marked read (a read receipt). */
export type CometChatMockEvent =
  | { api: 'cometchat'; app: string; owner: string; message: Wire }
  | {
      api: 'cometchat';
      kind: 'read';
      reader: string;
      other: string;
      receiverType: 'user' | 'group';
      messageId: string;
      at: number;
    };

/**
 * The uid the examples are written for: the one in every one-to-one conversation id (`superhero4`);
 * undefined when there is none.
 */
function ownerOf(conversations: Wire[]): string | undefined {
  const common = conversations
    .map((conversation) => String(conversation.conversationId))
    .filter((id) => id.includes('_user_'))
    .map((id) => id.split('_user_'))
    .reduce<string[] | undefined>(
      (left, pair) => (left === undefined ? pair : left.filter((uid) => pair.includes(uid))),
      undefined,
    );
  return common?.[0] || undefined;
}

/**
 * CometChat's state: the conversations of a scenario as `owner` sees them in the app whose API key
 * is `app` (each key its own state, as each CometChat app has its own: tests sharing a mock stay
 * apart), generated per `onBehalfOf` user or taken from the examples; the `live` ones grow a message
 * every few seconds. Mark-read zeroes a conversation and reports a read receipt.
 */
export function cometchatMockState(context: MockVendorContext<CometChatMockEvent>): MockVendorState {
  const held = new Map<string, Held<CometChatData>>();
  let ownerOfExamples: string | undefined;

  /**
   * A scenario's conversations from the examples of that name on every read operation (the first ones by default),
   * as `owner` sees them: the examples' own user and the app (no `onBehalfOf`) see them all; any other user only
   * the one-to-one conversations they are part of (none of the examples' groups).
   */
  function fromExamples(scenario: string, owner: string): CometChatData {
    const conversations = new Map<string, Wire>();
    // Lists first (fewest path parameters): when examples disagree about a conversation, the list's wins.
    const byGenerality = [...context.examples].sort((a, b) => a.path.split('{').length - b.path.split('{').length);
    for (const operation of byGenerality) {
      if (operation.method !== 'GET') continue;
      const value =
        scenario === DEFAULT_SCENARIO ? operation.success.values().next().value : operation.success.get(scenario);
      const data = (value as Wire | undefined)?.data;
      for (const conversation of Array.isArray(data) ? data : data ? [data] : []) {
        if (typeof conversation?.conversationId === 'string' && !conversations.has(conversation.conversationId))
          conversations.set(conversation.conversationId, copy(conversation));
      }
    }
    const all = [...conversations.values()];
    const stranger =
      owner !== 'app' && ownerOfExamples !== undefined && ownerOfExamples !== '' && owner !== ownerOfExamples;
    const visible = stranger
      ? all.filter(
          (conversation) =>
            conversation.conversationType === 'user' &&
            String(conversation.conversationId).split('_user_').includes(owner),
        )
      : all;
    return { owner, conversations: visible, nextMessageId: 10_000 };
  }

  function examplesOwner(): string | undefined {
    ownerOfExamples ??= ownerOf(fromExamples(DEFAULT_SCENARIO, 'app').conversations) ?? '';
    return ownerOfExamples || undefined;
  }

  function dataOf(scenario: string, owner: string, app = ''): CometChatData {
    const generated = context.generated(scenario);
    // The examples are one user's (and the whole app's): any other user has a view of their own.
    const viewer = generated || (owner !== 'app' && owner !== examplesOwner()) ? owner : '';
    const key = heldKey(scenario, app, viewer);
    let set = held.get(key);
    if (!set) {
      set = generated
        ? {
            data: generateCometChat(context.seed, owner, context.anchor()),
            live: scenario === 'live' ? createLiveFeed(context.seed, `cometchat:${owner}`, context.now()) : undefined,
          }
        : { data: fromExamples(scenario, owner) };
      held.set(key, set);
    }
    const { data } = set;
    if (set.live) {
      advanceLive(set.live, context.now(), (at, random) => {
        const newest = [...data.conversations].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, 8);
        const conversation = random.chance(0.7) ? random.pick(newest) : random.pick(data.conversations);
        addCometChatMessage(data, conversation, random.pick(CUSTOMER_TEXTS), otherSender(conversation, random), at);
        context.emit({ api: 'cometchat', app, owner, message: conversation.lastMessage as Wire });
      });
    }
    return data;
  }

  return {
    reply(call) {
      const reply = cometchatReply(
        call,
        dataOf(call.scenario, call.headers.onbehalfof ?? 'app', call.headers.apikey ?? ''),
      );
      // An accepted mark-read (the state's own answer, or Prism's 2xx when the state leaves it) also goes out as a
      // read receipt.
      const other = call.params.uid ?? call.params.guid;
      const accepted = reply === undefined || reply.status < 300;
      if (call.method === 'POST' && call.path.endsWith('/conversation/read') && accepted && other) {
        const messageId = String((call.body as { messageId?: unknown } | undefined)?.messageId ?? 'latest');
        context.emit({
          api: 'cometchat',
          kind: 'read',
          reader: call.headers.onbehalfof ?? 'app',
          other,
          receiverType: call.params.guid ? 'group' : 'user',
          messageId,
          at: call.now,
        });
      }
      return reply;
    },
    reset: (scenario) => forgetHeld(held, scenario),
    advanceLive() {
      for (const [key, set] of [...held]) {
        const [scenario, app, owner] = key.split('\u0000');
        if (set.live && owner !== undefined) dataOf(scenario!, owner, app);
      }
    },
  };
}
