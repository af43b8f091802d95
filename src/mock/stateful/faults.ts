import type { Random } from './random.js';

/** Latency and failures for resilient UIs: `--latency 200-600`, `--fail-rate 0.1`, or per request by header. */
export interface FaultOptions {
  /** Each response waits a number of milliseconds in this range (seeded). @default no delay */
  latencyMs?: readonly [number, number];
  /** The share of requests that fail (0–1): a seeded mix of 429 with Retry-After, 500 and dropped connections. @default 0 */
  failRate?: number;
}

/** Request headers that set the knobs for one request (tests, or a page that wants one failure). */
export const FAULT_HEADERS = {
  latency: 'x-mock-latency', // `300` or `200-600` (ms)
  failRate: 'x-mock-fail-rate', // `0.5`
  fail: 'x-mock-fail', // `429`, `500`, `drop` or `none`: this request's fate, whatever the rate
} as const;

export type Fault =
  | { kind: 'none' }
  | { kind: 'status'; status: 429; retryAfterSeconds: number }
  | { kind: 'status'; status: 500 }
  | { kind: 'drop' };

/**
 * Parses a latency range: `300` or `200-600` (milliseconds).
 * @throws {RangeError} naming `name` when it is not one
 */
export function parseLatency(text: string, name = '--latency'): [number, number] {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(text);
  const min = Number(match?.[1]);
  const max = match?.[2] === undefined ? min : Number(match[2]);
  if (!match || max < min || max > 600_000)
    throw new RangeError(`${name} must be milliseconds or a range such as 200-600, got "${text}"`);
  return [min, max];
}

/**
 * Parses a fail rate between 0 and 1.
 * @throws {RangeError} naming `name` when it is not one
 */
export function parseFailRate(text: string | number, name = '--fail-rate'): number {
  const rate = typeof text === 'number' ? text : text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1)
    throw new RangeError(`${name} must be a number from 0 to 1, got "${text}"`);
  return rate;
}

/** This request's delay and fate: headers win over the options; the dice are seeded. */
export function decideFault(
  random: Random,
  options: FaultOptions,
  headers: Record<string, string | undefined>,
): { delayMs: number; fault: Fault } {
  const latencyHeader = headers[FAULT_HEADERS.latency];
  const [min, max] = latencyHeader ? parseLatency(latencyHeader, FAULT_HEADERS.latency) : (options.latencyMs ?? [0, 0]);
  const delayMs = random.int(min, max);
  const rateHeader = headers[FAULT_HEADERS.failRate];
  const rate = rateHeader ? parseFailRate(rateHeader, FAULT_HEADERS.failRate) : (options.failRate ?? 0);
  const roll = random.next();
  const forced = headers[FAULT_HEADERS.fail]?.trim().toLowerCase();
  const kind = forced ?? (roll < rate ? (roll < rate * 0.45 ? '429' : roll < rate * 0.8 ? '500' : 'drop') : 'none');
  const fault: Fault =
    kind === '429'
      ? { kind: 'status', status: 429, retryAfterSeconds: random.int(1, 3) }
      : kind === '500'
        ? { kind: 'status', status: 500 }
        : kind === 'drop'
          ? { kind: 'drop' }
          : { kind: 'none' };
  if (forced && fault.kind === 'none' && forced !== 'none')
    throw new RangeError(`${FAULT_HEADERS.fail} must be 429, 500, drop or none, got "${forced}"`);
  return { delayMs, fault };
}
