import type { components } from '../../generated/webhooks.js';
import type { WebhookHint } from '../../inbox/provider-adapter.js';

/** A CommBox webhook document (`openapi/webhooks.yaml`): `{ Event: { Subscription, Name, Brand, Object } }`. */
export type CommBoxWebhookEvent = components['schemas']['CommBoxWebhook'];

/** The `Object` events that can change a conversation's unread count or last message. */
const OBJECT_EVENTS = new Set(['OnNew', 'OnNewChild', 'OnNewActivity', 'OnUpdateTag']);
/** The elements that repeat in CommBox's XML (always lists once parsed). */
export const COMMBOX_XML_LISTS: readonly string[] = ['Child', 'Activity', 'Tag'];

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const idOf = (value: unknown): string | undefined => {
  const id = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  return id !== undefined && /^[0-9]{1,18}$/.test(id) && Number(id) > 0 ? id : undefined;
};
const list = (value: unknown): Loose[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(isObject);
const identityOf = (user: unknown): string | undefined =>
  isObject(user) && isObject(user.Identity) ? idOf(user.Identity.Id) : undefined;

/**
 * Reads a CommBox webhook document (parsed from XML or JSON; with or without the `Event` key):
 * an `Object` event → the user identities it names (the conversation's customer, a message's
 * author, an activity's user) and, in `groups`, the conversation (object) id, whose readers the
 * handler knows from its cached reads. Other subscriptions and names are `ignored`; an Object event without a
 * numeric `Object.Id` is `malformed`. Dedupe key: event name + object id + child/activity/tag ids.
 * Never throws.
 */
export function commboxWebhookHint(document: unknown): WebhookHint {
  const event = isObject(document) && isObject(document.Event) ? document.Event : document;
  if (!isObject(event) || typeof event.Subscription !== 'string' || typeof event.Name !== 'string')
    return { kind: 'malformed', reason: 'not a CommBox Event (Subscription, Name)' };
  if (event.Subscription !== 'Object' || !OBJECT_EVENTS.has(event.Name)) return { kind: 'ignored' };
  const object = event.Object;
  const objectId = isObject(object) ? idOf(object.Id) : undefined;
  if (!isObject(object) || objectId === undefined)
    return { kind: 'malformed', reason: `Object ${event.Name} without a numeric Object Id` };
  const children = list(isObject(object.Children) ? object.Children.Child : undefined);
  const activities = list(isObject(object.Activities) ? object.Activities.Activity : undefined);
  const tags = list(isObject(object.Tags) ? object.Tags.Tag : undefined);
  const users = new Set<string>();
  for (const user of [
    object.User,
    ...children.map((child) => child.User),
    ...activities.map((activity) => activity.User),
  ]) {
    const identity = identityOf(user);
    if (identity) users.add(identity);
  }
  const parts = [
    ...children.map((child) => `c${idOf(child.Id) ?? ''}`),
    ...activities.map((activity) => `a${idOf(activity.Id) ?? ''}`),
    ...tags.map((tag) => `t${idOf(tag.Id) ?? ''}${String(tag.Action ?? '')}`),
  ];
  if (event.Name === 'OnNew') parts.push(String(object.CreateDate ?? ''));
  return {
    kind: 'hint',
    dedupeKey: `commbox:${event.Name}:${objectId}:${parts.join(',')}`,
    users: [...users],
    groups: [objectId],
  };
}

/** The conversation (object) ids of a user's read, for the handler's object index. */
export function commboxObjectsOf(conversations: ReadonlyArray<{ id: string }>): string[] {
  return conversations.map((conversation) => conversation.id);
}
