/** How a request picks its scenario: `Prefer: example=NAME` (Prism's header) or `?scenario=NAME`. */

/** Scenarios served from generated data, on every API. */
export const GENERATED_SCENARIOS = {
  live: 'a few hundred generated conversations; a new message every few seconds',
  many: 'a few hundred generated conversations, for paging',
} as const;

/** The name of a scenario served from generated data: `live` or `many`. */
export type GeneratedScenario = keyof typeof GENERATED_SCENARIOS;

/** The scenario of requests that name none. */
export const DEFAULT_SCENARIO = 'default';

/** `Prefer` as ordered key/value pairs (`example=inbox, code=404`). */
export function parsePrefer(header: string | undefined): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const part of (header ?? '').split(/[,;]/)) {
    const [key, ...value] = part.split('=');
    if (key?.trim()) pairs.set(key.trim().toLowerCase(), value.join('=').trim());
  }
  return pairs;
}

/** `Prefer` written back from pairs, or undefined when none is left. */
export function formatPrefer(pairs: Map<string, string>): string | undefined {
  const text = [...pairs].map(([key, value]) => `${key}=${value}`).join(', ');
  return text || undefined;
}

export function isGenerated(scenario: string): scenario is GeneratedScenario {
  return Object.hasOwn(GENERATED_SCENARIOS, scenario);
}
