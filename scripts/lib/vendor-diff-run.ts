/**
 * `npm run spec:vendor-diff`, callable in process: a vendor's published document against our
 * specs, every difference `openapi/deviations.yaml` does not explain.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { listApis } from './apis.js';
import { explain, loadDeviations } from './deviations.js';
import { parseDocumentText, readSource } from './read-document.js';
import { diffVendorDocument, type Difference, type JsonObject } from './vendor-diff.js';

/** Where a run reads and writes. */
export interface VendorDiffIo {
  /** The folder holding `redocly.yaml`. @default process.cwd() */
  cwd?: string;
  /** @default console.log */
  out?: (line: string) => void;
  /** @default console.error */
  err?: (line: string) => void;
  /** For a URL. @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** The document's text: a fenced ```json block of a page, or the whole text. */
export function documentText(text: string): string {
  const fence = /(`{3,})json[^\n]*\n([\s\S]*?)\n\1/.exec(text);
  return fence ? fence[2]! : text;
}

/** One line for a difference: kind, name, our pointer, the vendor branch when under anyOf/oneOf, both statements. */
export function describeDifference(difference: Difference): string {
  const name = difference.name ? ` ${difference.name}` : '';
  const branch = difference.branch ? ` in vendor branch ${difference.branch}` : '';
  return `${difference.kind}${name} at ${difference.ours[1] ?? difference.ours[0]}${branch}: vendor ${difference.vendorSays} (${difference.vendor}), ours ${difference.oursSays}`;
}

/**
 * Runs spec:vendor-diff with command-line `args` (`<path or URL> [--verbose]`); prints the report
 * and returns the exit code: 0 all explained, 1 something unexplained, 2 unreadable or matching none of ours.
 */
export async function runVendorDiff(args: string[], io: VendorDiffIo = {}): Promise<0 | 1 | 2> {
  const cwd = io.cwd ?? process.cwd();
  const out = io.out ?? ((line: string) => console.log(line));
  const err = io.err ?? ((line: string) => console.error(line));
  const source = args.find((arg) => !arg.startsWith('--'));
  if (!source) {
    err('Usage: npm run spec:vendor-diff -- <vendor OpenAPI document, path or URL> [--verbose]');
    return 2;
  }
  let vendorDoc: JsonObject;
  try {
    const text = await readSource(/^https?:\/\//i.test(source) ? source : resolve(cwd, source), io.fetch);
    vendorDoc = parseDocumentText(documentText(text), false);
  } catch (error) {
    err(`spec:vendor-diff: cannot read ${source} as an OpenAPI document: ${(error as Error).message}`);
    return 2;
  }
  const apis = listApis(join(cwd, 'redocly.yaml'));
  const specs = apis.map((api) => ({
    name: api.name,
    doc: parse(readFileSync(resolve(cwd, api.root), 'utf8')) as JsonObject,
  }));
  const deviationsPath = join(dirname(apis[0]!.root), 'deviations.yaml');
  const { aliases, deviations, branches } = loadDeviations(resolve(cwd, deviationsPath));
  const { matched, differences } = diffVendorDocument(vendorDoc, specs, aliases, branches);

  const info = (vendorDoc.info ?? {}) as JsonObject;
  out(
    `Vendor document: ${source} (${info.title ?? 'untitled'} ${info.version ?? ''}, OpenAPI ${vendorDoc.openapi ?? '?'})`,
  );
  if (matched.length === 0) {
    err('None of its operations is one of ours (method and path, or an alias in deviations.yaml).');
    return 2;
  }
  let unexplained = 0;
  for (const operation of matched) {
    out(
      `  ${operation.vendor} → ${operation.api} ${operation.operation}${operation.vendor === operation.ours ? '' : ` (${operation.ours})`}`,
    );
    for (const difference of differences.filter(
      (candidate) => candidate.api === operation.api && candidate.operation === operation.operation,
    )) {
      const deviation = explain(difference, deviations);
      if (!deviation) {
        unexplained++;
        out(`    UNEXPLAINED ${describeDifference(difference)}`);
      } else if (args.includes('--verbose')) {
        out(`    explained   ${describeDifference(difference)} [${deviation.id}]`);
      }
    }
  }
  const explained = differences.length - unexplained;
  out(
    `${matched.length} operation${matched.length === 1 ? '' : 's'} compared: ${differences.length} differences, ${explained} explained by ${deviationsPath}, ${unexplained} unexplained`,
  );
  if (unexplained > 0) {
    out(
      'Update the spec to match the vendor, or add a deviation with its reason; then npm run generate and read npm run spec:diff.',
    );
    return 1;
  }
  return 0;
}
