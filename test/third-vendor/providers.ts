import { MOCK_VENDORS } from '../../src/vendors/mock-vendors.js';
import { PROVIDER_ADAPTERS } from '../../src/vendors/providers.js';
import { threadlyAdapter } from './threadly/adapter.js';
import { threadlyMock } from './threadly/mock.js';

/**
 * The package's list of vendors with a third, test-only one: the same one line a real vendor adds to
 * `src/vendors/providers.ts` (`[commboxAdapter, cometchatAdapter, threadlyAdapter]`).
 */
export const THREE_PROVIDERS = [...PROVIDER_ADAPTERS, threadlyAdapter] as const;

/**
 * The mock's list of vendors with the third one's mock part: the one line a real vendor adds to
 * `src/vendors/mock-vendors.ts` (`[commboxMock, cometchatMock, threadlyMock]`).
 */
export const THREE_MOCK_VENDORS = [...MOCK_VENDORS, threadlyMock] as const;
