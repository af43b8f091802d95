/**
 * Compares a vendor's published OpenAPI document (JSON, with a BOM or trailing commas too, or
 * YAML; a whole API or one operation; a page holding it in a ```json block works too) with our
 * specs, operation by operation, and lists every difference `openapi/deviations.yaml` does not
 * explain: parameters and fields one side lacks, types, formats, nullability, enums, required
 * flags, parameter styles, and references that lead to no schema. Every anyOf/oneOf branch of
 * the vendor's schemas is compared, and each line names the branch it is in.
 *
 * Usage: tsx scripts/spec-vendor-diff.ts <path or URL> [--verbose]
 *   --verbose   list the explained differences too, with the deviation that explains each
 * Exits 1 when a difference is unexplained, 2 when the document cannot be read or matches none of our operations.
 */
import { runVendorDiff } from './lib/vendor-diff-run.js';

process.exitCode = await runVendorDiff(process.argv.slice(2));
