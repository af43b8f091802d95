/**
 * `npm run bench:overhead`: only the per-call overhead table of `npm run bench` (about 30 s),
 * for rerunning it a few times to see its spread.
 */
import { BASELINE, CONTROL, measureOverhead } from './overhead.js';

const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
console.log('| mode | facade | hand-written fetch | facade / hand-written | bare openapi-fetch / hand-written | hand-written / itself (noise floor) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const { mode, perCallMs, ratios } of await measureOverhead()) {
  console.log(`| ${mode} | ${us(perCallMs.facade!)} | ${us(perCallMs[BASELINE]!)} | ${ratios.facade!.toFixed(3)} | ${ratios['bare openapi-fetch']!.toFixed(3)} | ${ratios[CONTROL]!.toFixed(3)} |`);
}
