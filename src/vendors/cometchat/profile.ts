import type { VendorProfile } from '../../core/vendor-profile.js';
import { PROVIDER_NAMES } from '../providers.js';
import { readCometChatErrorBody } from './error-body.js';
import { cometChatRateLimitWait } from './rate-limit.js';

/** What the shared machinery knows of CometChat: its name, its error bodies, its rate-limit reset header. */
export const COMETCHAT_PROFILE = {
  provider: 'cometchat',
  displayName: PROVIDER_NAMES.cometchat,
  readErrorBody: readCometChatErrorBody,
  readRateLimitWait: cometChatRateLimitWait,
} as const satisfies VendorProfile;
