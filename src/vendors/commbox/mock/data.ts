import { createRandom, seedFor, type Random } from '../../../mock/stateful/random.js';
import type { Wire } from '../../../mock/stateful/types.js';
import { AGENT_TEXTS, CUSTOMER_TEXTS, FIRST_NAMES, LAST_NAMES } from '../../../mock/stateful/words.js';

/** CommBox conversations ("objects") of a scenario, as wire objects, with their messages. */
export interface CommBoxData {
  objects: Wire[];
  /** Messages (children) by object id, oldest first. */
  children: Map<number, Wire[]>;
  nextChildId: number;
  /** User identities whose inbox was read: live messages go to them first. */
  watched: Set<number>;
}

/** Escapes text for CommBox's HTML `message` fields. */
export function toHtml(text: string): string {
  return `<p>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`;
}

/** The user identity of the README's examples: it always has a handful of conversations. */
export const FEATURED_IDENTITY = 558355;

/** CommBox's zone-less time (UTC), as its API writes most times. */
export function commboxTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** A CommBox time (zone-less is UTC) in milliseconds. */
export function parseCommBoxTime(value: unknown): number {
  if (typeof value !== 'string') return 0;
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`) || 0;
}

const STREAMS = [
  { streamId: 19155, streamProviderType: 8, userStreamProviderType: 6, type: 4 }, // web chat, anonymous visitors
  { streamId: 19160, streamProviderType: 16, userStreamProviderType: 16, type: 4 }, // WhatsApp Cloud
  { streamId: 345, streamProviderType: 4, userStreamProviderType: 4, type: 5 }, // mail
] as const;

interface Customer {
  identity: number;
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
}

function customers(random: Random, count: number): Customer[] {
  const seen = new Set<number>([FEATURED_IDENTITY]);
  const list: Customer[] = [];
  for (let index = 0; index < count; index++) {
    let identity = index === 0 ? FEATURED_IDENTITY : random.int(600_000, 9_999_999);
    while (index > 0 && seen.has(identity)) identity++;
    seen.add(identity);
    const firstName = index === 0 ? 'Dana' : random.pick(FIRST_NAMES);
    const lastName = index === 0 ? 'Levi' : random.pick(LAST_NAMES);
    const email =
      `${firstName}.${lastName}`
        .normalize('NFD')
        .replace(/[^A-Za-z.]/g, '')
        .toLowerCase() + '@example.com';
    list.push({ identity, firstName, lastName, phone: `9725${random.int(10_000_000, 99_999_999)}`, email });
  }
  return list;
}

/** Objects of the featured identity among the newest ones, so its inbox is never empty or stale. */
const FEATURED_POSITIONS = new Set([0, 4, 13, 29, 61, 140]);

/**
 * `count` objects over three streams and sixty customers, newest first, the newest a
 * little before `anchor`: human names, short texts, small unread counts on open chats.
 */
export function generateCommBox(seed: number, anchor: number, count = 300): CommBoxData {
  const random = createRandom(seedFor(seed, 'commbox'));
  const people = customers(random, 60);
  const data: CommBoxData = { objects: [], children: new Map(), nextChildId: 1_500_000, watched: new Set() };
  let at = anchor - random.int(2, 30) * 60_000;
  for (let index = 0; index < count; index++) {
    const customer = FEATURED_POSITIONS.has(index) ? people[0]! : people[1 + random.int(0, people.length - 2)]!;
    const stream = random.pick(STREAMS);
    // The newest conversation waits for an answer, whatever the seed: a demo inbox is never all read.
    const open = index === 0 || (index < 25 ? random.chance(0.8) : random.chance(0.15));
    const fromCustomer = index === 0 || (open && random.chance(0.7));
    const unread = fromCustomer ? random.int(1, 3) : 0;
    const created = at - random.int(5, 600) * 60_000;
    const userStreamProviderId =
      stream.userStreamProviderType === 4
        ? customer.email
        : stream.userStreamProviderType === 16
          ? customer.phone
          : `visitor-${customer.identity}`;
    data.objects.push({
      objectId: 420_000 + count - index,
      streamId: stream.streamId,
      subStreamId: 0,
      streamProviderId:
        stream.streamProviderType === 4
          ? 'support@example.com'
          : stream.streamProviderType === 16
            ? '972500000000'
            : '',
      streamProviderType: stream.streamProviderType,
      user_identity: customer.identity,
      firstName: customer.firstName,
      lastName: customer.lastName,
      userStreamProviderId,
      userStreamProviderType: stream.userStreamProviderType,
      content: stream.type === 5 ? JSON.stringify({ subject: 'Your order' }) : '{}',
      message: toHtml(random.pick(fromCustomer ? CUSTOMER_TEXTS : AGENT_TEXTS)),
      createdTime: commboxTime(created),
      updatedTime: commboxTime(at),
      closedTime: open ? null : commboxTime(at),
      firstResponseTime: commboxTime(created + random.int(1, 20) * 60_000),
      lastResponseTime: commboxTime(at),
      statusId: open ? random.pick([1, 8]) : 2,
      assignedManagerId: open ? 545437 : 0,
      lastAssignedManagerId: 545437,
      type: stream.type,
      isManager: false,
      unreadMessages: unread,
    });
    at -= random.int(3, 240) * 60_000;
  }
  return data;
}

/** The messages of an object, oldest first (made up once from its last message, then kept). */
export function childrenOf(data: CommBoxData, object: Wire): Wire[] {
  const id = Number(object.objectId);
  let children = data.children.get(id);
  if (!children) {
    const random = createRandom(seedFor(id, 'children'));
    const last = parseCommBoxTime(object.updatedTime);
    const lastIsCustomer = Number(object.unreadMessages ?? 0) > 0;
    children = [];
    const total = random.int(2, 4);
    for (let index = 0; index < total; index++) {
      const fromCustomer = index === total - 1 ? lastIsCustomer : (total - index) % 2 === (lastIsCustomer ? 1 : 0);
      const text =
        index === total - 1
          ? String(object.message ?? '')
          : toHtml(random.pick(fromCustomer ? CUSTOMER_TEXTS : AGENT_TEXTS));
      children.push(child(data, object, text, last - (total - 1 - index) * random.int(2, 20) * 60_000, fromCustomer));
    }
    data.children.set(id, children);
  }
  return children;
}

function child(data: CommBoxData, object: Wire, html: string, at: number, fromCustomer: boolean): Wire {
  return {
    id: data.nextChildId++,
    objectId: object.objectId,
    content: '{}',
    message: html,
    createdTime: commboxTime(at),
    streamProviderType: object.streamProviderType,
    type: 0,
    user: fromCustomer
      ? {
          id: object.user_identity,
          isManager: false,
          identity: {
            id: object.user_identity,
            streamProviderId: object.userStreamProviderId,
            streamProviderType: object.userStreamProviderType,
            firstName: object.firstName,
            lastName: object.lastName,
            thumbnailUrl: '',
          },
        }
      : {
          id: 545437,
          managerId: 545437,
          isManager: true,
          identity: {
            id: 558237,
            streamProviderId: 'agent@example.com',
            streamProviderType: 4,
            firstName: 'Michael',
            lastName: 'Brown',
            thumbnailUrl: '',
          },
        },
  };
}

/** A new customer message: the object is reopened, moves up, and its unread count grows by one. */
export function addCommBoxMessage(data: CommBoxData, object: Wire, text: string, at: number): void {
  const html = toHtml(text);
  childrenOf(data, object).push(child(data, object, html, at, true));
  object.message = html;
  object.updatedTime = commboxTime(at);
  object.closedTime = null;
  if (object.statusId === 2) object.statusId = 1;
  object.unreadMessages = Number(object.unreadMessages ?? 0) + 1;
}
