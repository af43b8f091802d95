import { createRandom, seedFor, type Random } from '../../../mock/stateful/random.js';
import type { Wire } from '../../../mock/stateful/types.js';
import { CUSTOMER_TEXTS, FIRST_NAMES, GROUP_NAMES, LAST_NAMES, AGENT_TEXTS } from '../../../mock/stateful/words.js';

/** One user's CometChat conversations in a scenario, as wire objects, mutated by mark-read and live messages. */
export interface CometChatData {
  /** The uid whose view this is (`onBehalfOf`), or `app`. */
  owner: string;
  conversations: Wire[];
  nextMessageId: number;
}

const seconds = (ms: number): number => Math.floor(ms / 1000);
const asciiId = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[^A-Za-z0-9_-]/g, '')
    .toLowerCase();

/** The id CometChat gives a one-to-one conversation: both uids, sorted, joined by `_user_`. */
export function userConversationId(a: string, b: string): string {
  return [a, b].sort().join('_user_');
}

/** A conversation's unread count as a number (the wire has strings and numbers). */
export function unreadOf(conversation: Wire): number {
  return Number(conversation.unreadMessageCount ?? 0) || 0;
}

function setUnread(conversation: Wire, count: number): void {
  // Keep the wire type the conversation came with: a string of digits (as CometChat sends) or a number.
  conversation.unreadMessageCount = typeof conversation.unreadMessageCount === 'number' ? count : String(count);
}

/** Marks a conversation read: its unread count becomes 0. */
export function markCometChatRead(conversation: Wire, now: number): void {
  setUnread(conversation, 0);
  if (conversation.lastMessage && typeof conversation.lastMessage === 'object')
    conversation.lastMessage.readAt = seconds(now);
}

/** Adds a message from the other side: the conversation moves up and its unread count grows by one. */
export function addCometChatMessage(
  data: CometChatData,
  conversation: Wire,
  text: string,
  sender: string,
  at: number,
): void {
  const group = conversation.conversationType === 'group';
  const receiver = group ? conversation.conversationWith?.guid : data.owner;
  conversation.lastMessage = {
    id: String(data.nextMessageId++),
    conversationId: conversation.conversationId,
    sender,
    receiverType: group ? 'group' : 'user',
    receiver: receiver ?? 'app',
    category: 'message',
    type: 'text',
    data: { text },
    sentAt: seconds(at),
    updatedAt: seconds(at),
  };
  conversation.updatedAt = seconds(at);
  setUnread(conversation, unreadOf(conversation) + 1);
}

/** Who writes the next message in a conversation (the other user, or a member of the group). */
export function otherSender(conversation: Wire, random: Random): string {
  if (conversation.conversationType !== 'group') return String(conversation.conversationWith?.uid ?? 'someone');
  return `${asciiId(random.pick(FIRST_NAMES))}-${random.int(1, 40)}`;
}

function user(random: Random, index: number): Wire {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  return {
    uid: `${asciiId(first)}-${asciiId(last)}-${index}`,
    name: `${first} ${last}`,
    role: 'default',
    status: random.chance(0.3) ? 'online' : 'offline',
  };
}

/**
 * `count` conversations of `owner`, newest first, the newest a little before `anchor`:
 * human names, short texts, small unread counts (most are read).
 */
export function generateCometChat(seed: number, owner: string, anchor: number, count = 260): CometChatData {
  const random = createRandom(seedFor(seed, 'cometchat', owner));
  const data: CometChatData = { owner, conversations: [], nextMessageId: 10_000 };
  let at = anchor - random.int(2, 30) * 60_000;
  for (let index = 0; index < count; index++) {
    const group = index % 7 === 3;
    const other = group ? undefined : user(random, index);
    const guid = group ? `${asciiId(GROUP_NAMES[index % GROUP_NAMES.length]!)}-${index}` : undefined;
    const conversationId = group ? `group_${guid}` : userConversationId(owner, other!.uid);
    const fromOwner = random.chance(index < 12 ? 0.25 : 0.5);
    const unread = fromOwner ? 0 : random.chance(index < 12 ? 0.6 : 0.15) ? random.int(1, 4) : 0;
    const sender = fromOwner ? owner : group ? `${asciiId(random.pick(FIRST_NAMES))}-${random.int(1, 40)}` : other!.uid;
    const sentAt = seconds(at);
    data.conversations.push({
      conversationId,
      conversationType: group ? 'group' : 'user',
      unreadMessageCount: String(unread),
      createdAt: sentAt - random.int(1, 90) * 86_400,
      updatedAt: sentAt,
      lastMessage: {
        id: String(data.nextMessageId++),
        conversationId,
        sender,
        receiverType: group ? 'group' : 'user',
        receiver: group ? guid : fromOwner ? other!.uid : owner,
        category: 'message',
        type: 'text',
        data: { text: random.pick(fromOwner ? AGENT_TEXTS : CUSTOMER_TEXTS) },
        sentAt,
        updatedAt: sentAt,
      },
      conversationWith: group
        ? {
            guid,
            name: GROUP_NAMES[index % GROUP_NAMES.length],
            type: random.chance(0.5) ? 'public' : 'private',
            scope: 'participant',
            membersCount: random.int(3, 40),
            hasJoined: true,
            conversationId,
          }
        : { ...other, conversationId },
    });
    at -= random.int(3, 300) * 60_000;
  }
  return data;
}
