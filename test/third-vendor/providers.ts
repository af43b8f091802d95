import { PROVIDER_ADAPTERS } from '../../src/vendors/providers.js';
import { threadlyAdapter } from './threadly/adapter.js';

/**
 * The package's list of vendors with a third, test-only one: the same one line a real vendor adds to
 * `src/vendors/providers.ts` (`[commboxAdapter, cometchatAdapter, threadlyAdapter]`).
 */
export const THREE_PROVIDERS = [...PROVIDER_ADAPTERS, threadlyAdapter] as const;
