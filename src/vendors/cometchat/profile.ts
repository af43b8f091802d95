import type { VendorProfile } from '../../core/vendor-profile.js';
import { readCometChatErrorBody } from './error-body.js';
import { cometChatRateLimitWait } from './rate-limit.js';

/** What the shared machinery knows of CometChat: its name, its error bodies, its rate-limit reset header. */
export const COMETCHAT_PROFILE = {
  provider: 'cometchat',
  displayName: 'CometChat',
  readErrorBody: readCometChatErrorBody,
  readRateLimitWait: cometChatRateLimitWait,
} as const satisfies VendorProfile;
