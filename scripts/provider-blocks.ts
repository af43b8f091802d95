/**
 * Writes the blocks of openapi/inbox.yaml that list the vendors (the `Provider` enum, the summary's
 * `byProvider`) from `PROVIDER_ADAPTERS` (src/vendors/providers.ts): ids, and display names in the
 * descriptions. `npm run generate` runs it first; `npm run check:generated` fails when they are stale.
 * With `--check`, writes nothing and exits 1 naming each stale block. The logic is scripts/lib/provider-blocks.ts.
 *
 * Usage: tsx scripts/provider-blocks.ts [--check]
 */
import { PROVIDER_ADAPTERS } from '../src/vendors/providers.js';
import {
  PROVIDER_BLOCKS_SPEC,
  providerBlockProblems,
  providerEntries,
  writeProviderBlocks,
} from './lib/provider-blocks.js';

const providers = providerEntries(PROVIDER_ADAPTERS);
if (process.argv.includes('--check')) {
  const problems = providerBlockProblems('.', providers);
  for (const line of problems) console.error(line);
  process.exitCode = problems.length > 0 ? 1 : 0;
} else {
  const changed = writeProviderBlocks('.', providers);
  console.log(
    `${PROVIDER_BLOCKS_SPEC}: provider blocks${changed ? '' : ' (unchanged)'}: ${providers.map((p) => p.id).join(', ')}`,
  );
}
