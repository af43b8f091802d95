import type { LiveFeed } from './live.js';

/** One data set of a scenario, with its live feed when the scenario is `live`. */
export interface Held<T> {
  data: T;
  live?: LiveFeed;
}

/** A data set's key: the scenario, then what else keeps data sets apart (an API key, a user), NUL-separated. */
export function heldKey(scenario: string, ...parts: string[]): string {
  return [scenario, ...parts].join('\u0000');
}

/** Forgets the data sets of one scenario (keys made by {@link heldKey}), or all of them. */
export function forgetHeld(held: Map<string, unknown>, scenario?: string): void {
  for (const key of [...held.keys()])
    if (scenario === undefined || key === scenario || key.startsWith(`${scenario}\u0000`)) held.delete(key);
}
