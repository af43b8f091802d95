import type { components } from '../../generated/webhooks.js';
import type { WebhookHint } from '../../inbox/provider-adapter.js';

export type { WebhookHint };

/** A CometChat event the inbox acts on (`openapi/webhooks.yaml`). */
export type CometChatWebhookEvent = components['schemas']['CometChatWebhook'];

const MESSAGE_TRIGGERS = new Set(['message_sent', 'message_edited', 'message_deleted', 'user_mentioned']);

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): value is string => typeof value === 'string' && value !== '' && value.length <= 256;
const stamp = (value: unknown): string => (typeof value === 'number' && Number.isFinite(value) ? String(value) : '');

/**
 * Reads a parsed CometChat webhook body: a one-to-one message → its sender and receiver; a group
 * message → its sender and the group (whose readers the handler knows); a read receipt → the reader.
 * Delivery receipts and triggers that change no count are `ignored`; a known trigger without the
 * fields it needs is `malformed`. The dedupe key is trigger + message id + timestamp (CometChat's
 * examples carry no event id). Never throws.
 */
export function cometchatWebhookHint(body: unknown): WebhookHint {
  if (!isObject(body) || typeof body.trigger !== 'string' || !isObject(body.data))
    return { kind: 'malformed', reason: 'not a CometChat event ({ trigger, data })' };
  const { trigger, data } = body;
  if (MESSAGE_TRIGGERS.has(trigger)) {
    const message = data.message;
    if (
      !isObject(message) ||
      !text(message.id) ||
      !text(message.sender) ||
      !text(message.receiver) ||
      (message.receiverType !== 'user' && message.receiverType !== 'group')
    ) {
      return { kind: 'malformed', reason: `${trigger} without data.message { id, sender, receiver, receiverType }` };
    }
    const key = `cometchat:${trigger}:${message.id}:${stamp(message.updatedAt ?? message.sentAt)}`;
    return message.receiverType === 'user'
      ? { kind: 'hint', dedupeKey: key, users: [...new Set([message.sender, message.receiver])], groups: [] }
      : { kind: 'hint', dedupeKey: key, users: [message.sender], groups: [message.receiver] };
  }
  if (trigger === 'message_read_receipt') {
    const receipt = data.body;
    if (!text(data.sender) || !isObject(receipt) || !text(receipt.messageId))
      return { kind: 'malformed', reason: 'message_read_receipt without data.sender and data.body.messageId' };
    return {
      kind: 'hint',
      dedupeKey: `cometchat:${trigger}:${receipt.messageId}:${data.sender}:${stamp(receipt.timestamp)}`,
      users: [data.sender],
      groups: [],
    };
  }
  // Delivery receipts, group-wide receipts, reactions, group, call and user events: no count changes.
  return { kind: 'ignored' };
}

/** The group guids among a user's read conversations (their `target`), for the handler's group index. */
export function cometchatGroupsOf(
  conversations: ReadonlyArray<{ target?: Record<string, string> | undefined }>,
): string[] {
  const groups: string[] = [];
  for (const conversation of conversations)
    if (typeof conversation.target?.guid === 'string') groups.push(conversation.target.guid);
  return groups;
}
