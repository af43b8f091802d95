/**
 * Fails when src/generated/ is stale. Each API of `redocly.yaml` is generated on its own and
 * compared, byte for byte, with the committed file; a file in a generated folder that no API
 * writes (README.md aside) fails too. Every stale or extra file is named. Runs in the current
 * folder (the repository root). The logic is scripts/lib/check-generated.ts.
 *
 * Usage: tsx scripts/check-generated.ts
 */
import { checkGenerated, checkReport } from './lib/check-generated.js';

const report = checkReport(await checkGenerated());
for (const line of report.stderr) console.error(line);
for (const line of report.stdout) console.log(line);
process.exitCode = report.exitCode;
