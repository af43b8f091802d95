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
    for (const name of [...names].sort(() => Math.random() - 0.5)) {
      const started = performance.now();
      await contenders[name]!();
      samples[name]!.push((performance.now() - started) / unitsPerBatch);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(samples[name]!)]));
}
