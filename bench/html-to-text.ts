/**
 * htmlToText on hostile customer text: the time for 100 kB and 200 kB of each input.
 * A linear pass takes about twice as long for twice the input (a quadratic one, four times).
 */
import { htmlToText } from '../dist/index.js';
import { median } from './lib/stats.js';

export const HOSTILE_TEXTS: Record<string, (kb: number) => string> = {
  "'<' repeated": (kb) => '<'.repeat(kb * 1000),
  "'<a' repeated": (kb) => '<a'.repeat(kb * 500),
  "'<script>' repeated": (kb) => '<script>'.repeat(kb * 125),
  'ordinary message HTML': (kb) => '<p>Hello &amp; <b>welcome</b><br>see you</p>'.repeat(Math.ceil((kb * 1000) / 44)),
};

function timeOnce(input: string): number {
  const started = performance.now();
  htmlToText(input);
  return performance.now() - started;
}

/** Median ms for 100 kB and 200 kB of each input, and their ratio. */
export function measureHtmlToText(runs = 9): { name: string; ms100: number; ms200: number }[] {
  return Object.entries(HOSTILE_TEXTS).map(([name, make]) => {
    const small = make(100);
    const large = make(200);
    for (let i = 0; i < 3; i++) {
      // warm-up
      timeOnce(small);
      timeOnce(large);
    }
    const ms100 = median(Array.from({ length: runs }, () => timeOnce(small)));
    const ms200 = median(Array.from({ length: runs }, () => timeOnce(large)));
    return { name, ms100, ms200 };
  });
}
