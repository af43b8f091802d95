/**
 * Compares a vendor's published OpenAPI document (JSON or YAML, a whole API or one operation;
 * a page holding it in a ```json block works too) with our specs, operation by operation, and
 * lists every difference `openapi/deviations.yaml` does not explain: parameters and fields one
 * side lacks, types, formats, nullability, enums, required flags, parameter styles.
 *
 * Usage: tsx scripts/spec-vendor-diff.ts <path or URL> [--verbose]
 *   --verbose   list the explained differences too, with the deviation that explains each
 * Exits 1 when a difference is unexplained, 2 when the document cannot be read or matches none of our operations.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { listApis } from './lib/apis.js';
import { explain, loadDeviations } from './lib/deviations.js';
import { diffVendorDocument, type Difference, type JsonObject } from './lib/vendor-diff.js';

/** The document's text: a fenced ```json block of a page, or the whole text. */
function documentText(text: string): string {
  const fence = /(`{3,})json[^\n]*\n([\s\S]*?)\n\1/.exec(text);
  return fence ? fence[2]! : text;
}

async function readSource(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`${source} answered ${response.status}`);
    return response.text();
  }
  return readFileSync(source, 'utf8');
}

const source = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
if (!source) {
  console.error('Usage: npm run spec:vendor-diff -- <vendor OpenAPI document, path or URL> [--verbose]');
  process.exit(2);
}

let vendorDoc: JsonObject;
try {
  vendorDoc = parse(documentText(await readSource(source))) as JsonObject;
  if (typeof vendorDoc !== 'object' || vendorDoc === null || typeof vendorDoc.paths !== 'object') throw new Error('it has no "paths"');
} catch (error) {
  console.error(`spec:vendor-diff: cannot read ${source} as an OpenAPI document: ${(error as Error).message}`);
  process.exit(2);
}

const apis = listApis();
const specs = apis.map((api) => ({ name: api.name, doc: parse(readFileSync(api.root, 'utf8')) as JsonObject }));
const deviationsPath = join(dirname(apis[0]!.root), 'deviations.yaml');
const { aliases, deviations } = loadDeviations(deviationsPath);
const { matched, differences } = diffVendorDocument(vendorDoc, specs, aliases);

const info = (vendorDoc.info ?? {}) as JsonObject;
console.log(`Vendor document: ${source} (${info.title ?? 'untitled'} ${info.version ?? ''}, OpenAPI ${vendorDoc.openapi ?? '?'})`);
if (matched.length === 0) {
  console.error('None of its operations is one of ours (method and path, or an alias in deviations.yaml).');
  process.exit(2);
}

const describe = (difference: Difference) => {
  const name = difference.name ? ` ${difference.name}` : '';
  return `${difference.kind}${name} at ${difference.ours[1] ?? difference.ours[0]}: vendor ${difference.vendorSays} (${difference.vendor}), ours ${difference.oursSays}`;
};
let unexplained = 0;
for (const operation of matched) {
  console.log(`  ${operation.vendor} → ${operation.api} ${operation.operation}${operation.vendor === operation.ours ? '' : ` (${operation.ours})`}`);
  for (const difference of differences.filter((candidate) => candidate.api === operation.api && candidate.operation === operation.operation)) {
    const deviation = explain(difference, deviations);
    if (!deviation) {
      unexplained++;
      console.log(`    UNEXPLAINED ${describe(difference)}`);
    } else if (process.argv.includes('--verbose')) {
      console.log(`    explained   ${describe(difference)} [${deviation.id}]`);
    }
  }
}
const explained = differences.length - unexplained;
console.log(`${matched.length} operation${matched.length === 1 ? '' : 's'} compared: ${differences.length} differences, ${explained} explained by ${deviationsPath}, ${unexplained} unexplained`);
if (unexplained > 0) {
  console.log('Update the spec to match the vendor, or add a deviation with its reason; then npm run generate and read npm run spec:diff.');
  process.exit(1);
}
