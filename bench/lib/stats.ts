/** The median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Runs each contender's batch in turn, `rounds` times, in a shuffled order each
 * round (so drift and warm-up hit all alike), and returns the median time per
 * unit of each, in ms.
 */
export async function interleave(
  contenders: Record<string, () => Promise<void>>,
  rounds: number,
  unitsPerBatch: number,
): Promise<Record<string, number>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
  const names = Object.keys(contenders);
  for (let round = 0; round < rounds; round++) {
    for (const name of shuffled(names)) {
      const started = performance.now();
      await contenders[name]!();
      samples[name]!.push((performance.now() - started) / unitsPerBatch);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name]!)]));
}

/** Fisher–Yates: a uniformly shuffled copy (a `sort` by random keys is biased toward the original order). */
export function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Runs one unit of each contender per round, in a fresh random order each round, and returns
 * each contender's median over rounds of (its time / the baseline's time in the same round).
 * Alternating at the level of single units cancels the drift of a shared machine (CPU speed
 * and neighbours change over seconds), which batch-level interleaving does not: a contender
 * compared with itself lands within about 1 %.
 */
export async function pairedRatios(
  contenders: Record<string, () => Promise<unknown>>,
  baseline: string,
  rounds: number,
): Promise<{ ratios: Record<string, number>; medianMs: Record<string, number> }> {
  const names = Object.keys(contenders);
  const times: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of shuffled(names)) {
      const started = performance.now();
      await contenders[name]!();
      times[name]!.push(performance.now() - started);
    }
  }
  const base = times[baseline]!;
  return {
    ratios: Object.fromEntries(names.map((name) => [name, median(times[name]!.map((ms, i) => ms / base[i]!))])),
    medianMs: Object.fromEntries(names.map((name) => [name, median(times[name]!)])),
  };
}
