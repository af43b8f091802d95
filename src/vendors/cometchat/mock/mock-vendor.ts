import type { MockVendor } from '../../../mock/mock-vendor.js';
import { cometchatMockState, type CometChatMockEvent } from './state.js';
import { cometchatMockWebhook } from './webhook.js';

const AS_USER = "-H 'apikey: any-key' -H 'onBehalfOf: superhero4'";

/** CometChat as the mock serves it: its spec on port 4011, conversations per app and user, JSON webhooks. */
export const cometchatMock = {
  id: 'cometchat',
  title: 'CometChat',
  spec: 'openapi/cometchat.yaml',
  defaultPort: 4011,
  portEnv: 'COMETCHAT_MOCK_PORT',
  samples: {
    getUserConversation: { path: '/users/superhero3/conversation', headers: AS_USER },
    getGroupConversation: { path: '/groups/project-group/conversation', headers: AS_USER },
    listConversations: { path: '/conversations?unread=true', headers: AS_USER },
    markUserConversationRead: { path: '/users/superhero3/conversation/read', headers: `-X POST ${AS_USER}` },
  },
  createState: cometchatMockState,
  // Its throttling also says when the limit resets (epoch seconds).
  rateLimitHeaders: (seconds, now) => ({ 'x-rate-limit-reset': String(Math.ceil(now / 1000) + seconds) }),
  webhook: cometchatMockWebhook,
} as const satisfies MockVendor<'cometchat', CometChatMockEvent>;
