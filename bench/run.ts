/**
 * `npm run bench`: builds nothing, measures the built package (run `npm run build` first,
 * as `npm run bench` does) and prints the README's table.
 */
import { measureHtmlToText } from './html-to-text.js';
import { inboxHandlerTable, measureInboxHandler } from './inbox-handler.js';
import { BASELINE, CONTROL, measureOverhead } from './overhead.js';
import { measurePagination, measurePeakHeap } from './pagination.js';
import { measureRedisLoad } from './redis-load.js';
import { bundleSize, SIZE_CASES } from './size.js';
import { measureTypeCost } from './type-cost.js';

const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
const lines: string[] = [];
const row = (...cells: string[]) => lines.push(`| ${cells.join(' | ')} |`);

lines.push(`Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`, '');
lines.push(
  '### Per-call overhead (loopback, vendor example body; ratio = median over rounds of time / hand-written time in the same round)',
  '',
);
row(
  'mode',
  'facade',
  'bare openapi-fetch',
  'hand-written fetch',
  'plain fetch, no signal (info)',
  'facade / hand-written',
  'bare openapi-fetch / hand-written',
  'hand-written / itself (noise floor)',
);
row('---', '---', '---', '---', '---', '---', '---', '---');
for (const { mode, perCallMs, ratios } of await measureOverhead()) {
  row(
    mode,
    us(perCallMs.facade!),
    us(perCallMs['bare openapi-fetch']!),
    us(perCallMs[BASELINE]!),
    us(perCallMs['plain fetch, no signal (info)']!),
    ratios.facade!.toFixed(3),
    ratios['bare openapi-fetch']!.toFixed(3),
    ratios[CONTROL]!.toFixed(3),
  );
}

lines.push('', '### Pagination: 10,000 objects, 100 pages, 3 ms per page on the server, 30 µs of work per object', '');
const pages = await measurePagination();
row('walk', 'median time', 'ratio to hand-written');
row('---', '---', '---');
for (const [name, ms] of Object.entries(pages))
  row(name, `${ms.toFixed(0)} ms`, (ms / pages['hand-written fetch loop']!).toFixed(3));

lines.push('', '### Peak live heap growth while walking with streamObjects (full GC at every page)', '');
const heap = await measurePeakHeap([1_000, 10_000, 50_000]);
row('objects', 'peak heap growth');
row('---', '---');
for (const [total, mb] of Object.entries(heap)) row(Number(total).toLocaleString('en'), `${mb.toFixed(1)} MB`);

lines.push('', '### htmlToText on hostile customer text (median; linear when 200 kB takes ~2× 100 kB)', '');
row('input', '100 kB', '200 kB', 'ratio');
row('---', '---', '---', '---');
for (const { name, ms100, ms200 } of measureHtmlToText())
  row(name, `${ms100.toFixed(2)} ms`, `${ms200.toFixed(2)} ms`, (ms200 / ms100).toFixed(2));

lines.push('', '### Bundle size (tree-shaken, minified, browser, openapi-fetch included)', '');
row('import', 'min', 'min + gzip');
row('---', '---', '---');
for (const [name, contents] of Object.entries(SIZE_CASES)) {
  const { min, gzip } = await bundleSize(contents);
  row(name, `${(min / 1000).toFixed(2)} kB`, `${(gzip / 1000).toFixed(2)} kB`);
}

lines.push('', '### Type cost (`tsc --extendedDiagnostics`, a consumer calling every method and the inbox)', '');
const types = measureTypeCost();
row('check time', 'instantiations', 'types');
row('---', '---', '---');
row(`${types.checkTimeS.toFixed(2)} s`, types.instantiations.toLocaleString('en'), types.types.toLocaleString('en'));

lines.push(
  '',
  '### Inbox handler vs a hand-written backend (loopback, vendors stood in for locally, counting calls)',
  '',
);
lines.push(inboxHandlerTable(await measureInboxHandler()));

lines.push(
  '',
  '### Several servers: 3 instances, 1,000 users, 20,000 summary requests at random (64 in flight, vendors answer in 30 ms)',
  '',
);
row(
  'store',
  'served (200)',
  '503 + Retry-After',
  'errors',
  'vendor reads',
  'reads per 1,000 requests',
  'p50',
  'p99',
  'run time',
  'store outages reported',
);
row('---', '---', '---', '---', '---', '---', '---', '---', '---', '---');
const ms = (value: number) => `${value.toFixed(1)} ms`;
const count = (value: number) => value.toLocaleString('en');
for (const [name, result] of Object.entries(await measureRedisLoad())) {
  const total = result.served + result.unavailable + result.errors;
  row(
    name,
    count(result.served),
    count(result.unavailable),
    count(result.errors),
    count(result.vendorReads),
    ((result.vendorReads / total) * 1000).toFixed(0),
    ms(result.p50Ms),
    ms(result.p99Ms),
    `${result.seconds.toFixed(1)} s`,
    String(result.storeOutages),
  );
}

console.log(lines.join('\n'));
