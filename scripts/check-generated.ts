/**
 * Fails when src/generated/ is stale. Each API of `redocly.yaml` is generated on its own and
 * compared, byte for byte, with the committed file; a file in a generated folder that no API
 * writes (README.md aside) fails too; so do provider blocks of openapi/inbox.yaml that are not
 * what `PROVIDER_ADAPTERS` gives (scripts/provider-blocks.ts). Every stale or extra file is named.
 * Runs in the current folder (the repository root). The logic is scripts/lib/check-generated.ts
 * and scripts/lib/provider-blocks.ts.
 *
 * Usage: tsx scripts/check-generated.ts
 */
import { PROVIDER_ADAPTERS } from '../src/vendors/providers.js';
import { checkGenerated, checkReport } from './lib/check-generated.js';
import { providerBlockProblems, providerEntries } from './lib/provider-blocks.js';

const check = await checkGenerated();
const blocks = providerBlockProblems('.', providerEntries(PROVIDER_ADAPTERS));
const report = checkReport({ ...check, problems: [...blocks, ...check.problems] });
for (const line of report.stderr) console.error(line);
for (const line of report.stdout) console.log(line);
process.exitCode = report.exitCode;
