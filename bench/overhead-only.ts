/**
 * `npm run bench:overhead`: only the per-call overhead table of `npm run bench` (about 30 s),
 * for rerunning it a few times to see its spread.
 */
import { BASELINE, CONTROL, measureOverhead, TRACED, UNTRACED, UNTRACED_CONTROL } from './overhead.js';

// `npm run bench:overhead -- --otel`: also the facade traced through @opentelemetry/api with no SDK, over the facade untraced.
const otel = process.argv.includes('--otel');

const us = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
console.log(
  '| mode | facade | hand-written fetch | facade / hand-written | bare openapi-fetch / hand-written | hand-written / itself (noise floor) |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
const results = await measureOverhead(undefined, undefined, { otel });
for (const { mode, perCallMs, ratios } of results.filter((result) => !result.mode.startsWith('telemetry'))) {
  console.log(
    `| ${mode} | ${us(perCallMs.facade!)} | ${us(perCallMs[BASELINE]!)} | ${ratios.facade!.toFixed(3)} | ${ratios['bare openapi-fetch']!.toFixed(3)} | ${ratios[CONTROL]!.toFixed(3)} |`,
  );
}
if (otel) {
  console.log(
    '\n| mode | facade traced (API, no SDK) | facade untraced | traced / untraced | untraced / itself (noise floor) |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  for (const { mode, perCallMs, ratios } of results.filter((result) => result.mode.startsWith('telemetry'))) {
    console.log(
      `| ${mode.replace('telemetry, ', '')} | ${us(perCallMs[TRACED]!)} | ${us(perCallMs[UNTRACED]!)} | ${ratios[TRACED]!.toFixed(3)} | ${ratios[UNTRACED_CONTROL]!.toFixed(3)} |`,
    );
  }
}
