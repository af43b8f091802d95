import type { AnyMockVendor, MockVendorState } from '../mock-vendor.js';
import { exampleScenarios } from './examples.js';
import { DEFAULT_SCENARIO, isGenerated } from './scenario.js';
import type { OperationExamples, StatefulApi } from './types.js';

/** Options of the mock's state. */
export interface MockStateOptions {
  /** The mocked vendors, in list order. */
  vendors: readonly AnyMockVendor[];
  /** Each vendor's operations with their examples, by vendor id. */
  examples: Readonly<Record<string, OperationExamples[]>>;
  /** Seeds generated data, live messages and the fail-rate. */
  seed: number;
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** The default scenario serves generated data instead of the spec examples. */
  dynamic: boolean;
  /** Hears of each event a vendor's state reports (the webhook sender). */
  onEvent?: (vendor: AnyMockVendor, event: unknown) => void;
}

interface Part {
  vendor: AnyMockVendor;
  state: MockVendorState;
  /** The scenario names of its examples. */
  scenarios: Set<string>;
}

const DAY_MS = 86_400_000;

/**
 * The mock process's state: each vendor's own (its data sets per scenario, made on first use), over
 * one seed and one clock; one `reset` clears every vendor's.
 * @throws {Error} when a vendor has no examples or two vendors share an id
 */
export class MockState {
  private readonly parts = new Map<string, Part>();

  constructor(private readonly options: MockStateOptions) {
    for (const vendor of options.vendors) {
      const examples = options.examples[vendor.id];
      if (!examples) throw new Error(`MockState: no examples for the vendor "${vendor.id}"`);
      if (this.parts.has(vendor.id)) throw new Error(`MockState: the vendor "${vendor.id}" is listed twice`);
      const state = vendor.createState({
        seed: options.seed,
        examples,
        now: () => this.now(),
        generated: (scenario) => this.generated(scenario),
        anchor: () => this.anchor(),
        emit: (event) => options.onEvent?.(vendor, event),
      });
      this.parts.set(vendor.id, { vendor, state, scenarios: exampleScenarios(examples) });
    }
  }

  now(): number {
    return this.options.clock();
  }

  /** Whether the scenario is served from generated data (`live`, `many`, and the default with `dynamic`). */
  generated(scenario: string): boolean {
    return isGenerated(scenario) || (scenario === DEFAULT_SCENARIO && this.options.dynamic);
  }

  /** Whether the vendor knows the scenario (an example name, a generated scenario, or the default). */
  knows(vendor: string, scenario: string): boolean {
    return scenario === DEFAULT_SCENARIO || isGenerated(scenario) || this.part(vendor).scenarios.has(scenario);
  }

  /** Generated days end at the start of the current UTC day, so one seed serves the same data all day. */
  private anchor(): number {
    return Math.floor(this.now() / DAY_MS) * DAY_MS;
  }

  private part(vendor: string): Part {
    const part = this.parts.get(vendor);
    if (!part) throw new Error(`MockState: no vendor "${vendor}"`);
    return part;
  }

  /**
   * One vendor's stateful behaviour, as its front server uses it (a reset clears every vendor's state).
   * @throws {Error} for a vendor that is not in the list
   */
  api(vendor: string): StatefulApi {
    const { vendor: mocked, state } = this.part(vendor);
    const rateLimitHeaders = mocked.rateLimitHeaders?.bind(mocked);
    return {
      knows: (scenario) => this.knows(vendor, scenario),
      now: () => this.now(),
      reset: (scenario) => this.reset(scenario),
      reply: (call) => state.reply(call),
      rateLimitHeaders: rateLimitHeaders && ((seconds) => rateLimitHeaders(seconds, this.now())),
    };
  }

  /** Delivers the `live` messages due by now in every live data set made so far (the webhook sender's ticker). */
  advanceLive(): void {
    for (const { state } of this.parts.values()) state.advanceLive();
  }

  /** Forgets one scenario's state, or all of it, at every vendor: the next request starts over. */
  reset(scenario?: string): void {
    for (const { state } of this.parts.values()) state.reset(scenario);
  }
}
