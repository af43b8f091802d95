import { basicAuth, type MockWebhookPart } from '../../../mock/mock-vendor.js';
import type { Wire } from '../../../mock/stateful/types.js';
import type { CometChatMockEvent } from './state.js';

const seconds = (ms: number) => Math.floor(ms / 1000);

/** A CometChat event, shaped as the vendor's events page shows. */
export function cometchatWebhookBody(event: CometChatMockEvent, appId = 'mock-app'): Wire {
  const envelope = { appId, region: 'us', webhook: 'mock-webhook' };
  if ('message' in event) return { trigger: 'message_sent', data: { message: event.message }, ...envelope };
  return {
    trigger: 'message_read_receipt',
    data: {
      receiver: event.other,
      receiverType: event.receiverType,
      type: 'receipts',
      sender: event.reader,
      messageSender: event.other,
      body: { action: 'read', messageId: event.messageId, user: { uid: event.reader }, timestamp: seconds(event.at) },
    },
    ...envelope,
  };
}

/** CometChat's webhooks: JSON with Basic auth to `{url}/cometchat`. */
export const cometchatMockWebhook = {
  credentials: { username: 'mock-cometchat', password: 'mock-cometchat-webhook-secret' },
  request: (event, credentials) => ({
    path: 'cometchat',
    headers: { 'content-type': 'application/json', authorization: basicAuth(credentials) },
    body: JSON.stringify(cometchatWebhookBody(event)),
  }),
} as const satisfies MockWebhookPart<CometChatMockEvent>;
