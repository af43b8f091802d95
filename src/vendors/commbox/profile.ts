import type { VendorProfile } from '../../core/vendor-profile.js';
import { PROVIDER_NAMES } from '../providers.js';
import { readCommBoxErrorBody } from './error-body.js';

/** What the shared machinery knows of CommBox: its name and its error bodies (it documents no rate-limit header). */
export const COMMBOX_PROFILE = {
  provider: 'commbox',
  displayName: PROVIDER_NAMES.commbox,
  readErrorBody: readCommBoxErrorBody,
} as const satisfies VendorProfile;
