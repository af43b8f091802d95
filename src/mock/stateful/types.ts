/** A JSON object as it travels on the wire (vendor shapes vary; the spec validates them). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Wire = Record<string, any>;

/** A request to one mocked operation, after Prism accepted it. */
export interface OperationCall {
  /** The operation, with its examples. */
  operation: OperationExamples;
  operationId: string;
  /** Upper-case method. */
  method: string;
  /** The operation's path template in the spec, e.g. `/users/{uid}/conversation`. */
  path: string;
  /** Decoded path parameters. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Request headers, lower-case names. */
  headers: Record<string, string | undefined>;
  /** The parsed JSON request body, if any. */
  body: unknown;
  /** Prism's 2xx answer (an example of the operation). */
  prismBody: Wire;
  /** The scenario names an example of this very operation. */
  explicitExample: boolean;
  /** Milliseconds since the epoch, from the injected clock. */
  now: number;
  /** The scenario the request picked (`default` when none). */
  scenario: string;
}

/** One mocked API's stateful behaviour, as the front server uses it. */
export interface StatefulApi {
  /** Whether the scenario is one this API serves (else Prism answers alone). */
  knows(scenario: string): boolean;
  /** The injected clock. */
  now(): number;
  /** Forgets one scenario's state, or all of it. */
  reset(scenario?: string): void;
  /** The answer to an accepted request, from the state (undefined: Prism's answer stands). */
  reply(call: OperationCall): Reply;
  /** Headers a 429 fault adds besides `Retry-After` (CometChat's `X-Rate-Limit-Reset`). */
  rateLimitHeaders?(retryAfterSeconds: number): Record<string, string>;
}

/** What the stateful layer answers instead of Prism (undefined: Prism's answer stands). */
export type Reply = { status: number; body?: Wire; headers?: Record<string, string> } | undefined;

/** An example of an operation's response, as Prism read it from the spec. */
export interface OperationExamples {
  operationId: string;
  method: string;
  path: string;
  /** 2xx example values by name, in spec order (the first is Prism's default). */
  success: Map<string, unknown>;
  /** Error example values by status, then name. */
  errors: Map<string, Map<string, unknown>>;
}

/** An operation as Prism reads it from a spec (the parts used here). */
export interface PrismOperation {
  iid?: string;
  method: string;
  path: string;
  responses: { code: string; contents?: { examples?: { key: string; value?: unknown }[] }[] }[];
}
