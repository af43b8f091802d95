/**
 * Pagination: walking 10,000 objects (100 pages of 100) with `streamObjects` vs a
 * hand-written raw fetch loop, each page taking the server a few ms and each
 * object some work in the consumer. Then peak heap while walking 1k/10k/50k objects.
 */
import { createCommBoxClient } from '../dist/index.js';
import { withExampleServer } from './lib/server.js';
import { interleave } from './lib/stats.js';

const PAGE_SIZE = 100;

/** Simulated per-object work in the consumer (rendering, storing…), ~`micros` µs of CPU. */
function work(micros: number): void {
  const until = performance.now() + micros / 1000;
  while (performance.now() < until);
}

export async function measurePagination(total = 10_000, pageDelayMs = 3, workMicros = 30, rounds = 5) {
  return withExampleServer(
    async (server) => {
      const token = 'bench-token';
      const commbox = createCommBoxClient({ token, baseUrl: server.url });
      const query = { userIdentityId: total } as const; // the bench server reads the total from it
      return interleave(
        {
          'streamObjects (facade)': async () => {
            for await (const item of commbox.streamObjects(1, query)) if (item) work(workMicros);
          },
          'hand-written fetch loop': async () => {
            for (let pageNumber = 0; ; pageNumber++) {
              const url = `${server.url}/streams/1/objects?userIdentityId=${total}&pageNumber=${pageNumber}&pageSize=${PAGE_SIZE}`;
              const response = await fetch(url, {
                headers: { Authorization: `Bearer ${token}` },
                signal: AbortSignal.timeout(30_000),
              });
              if (!response.ok) throw new Error(`HTTP ${response.status}`);
              const body = (await response.json()) as { data: unknown[] };
              for (const item of body.data) if (item) work(workMicros);
              if (body.data.length < PAGE_SIZE) break;
            }
          },
        },
        rounds,
        1,
      );
    },
    { PAGE_DELAY_MS: String(pageDelayMs) },
  );
}

/**
 * Peak live heap growth (MB, after a full GC at every page) while walking `total`
 * objects with streamObjects. Needs --expose-gc.
 */
export async function measurePeakHeap(totals: number[]): Promise<Record<number, number>> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  return withExampleServer(async (server) => {
    const commbox = createCommBoxClient({ token: 't', baseUrl: server.url });
    const out: Record<number, number> = {};
    for (const total of totals) {
      gc();
      const baseline = process.memoryUsage().heapUsed;
      let peak = baseline;
      let seen = 0;
      for await (const item of commbox.streamObjects(1, { userIdentityId: total })) {
        if (++seen % PAGE_SIZE === 0 && item) {
          gc();
          peak = Math.max(peak, process.memoryUsage().heapUsed);
        }
      }
      if (seen !== total) throw new Error(`walked ${seen} of ${total}`);
      out[total] = (peak - baseline) / 1e6;
    }
    return out;
  });
}
