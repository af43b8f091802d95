import type { OperationExamples, PrismOperation } from './types.js';

/** Every operation's response examples, by status and name. */
export function operationExamples(operations: PrismOperation[]): OperationExamples[] {
  return operations.map((operation) => {
    const success = new Map<string, unknown>();
    const errors = new Map<string, Map<string, unknown>>();
    for (const response of operation.responses) {
      const named = response.code.startsWith('2')
        ? success
        : errors.set(response.code, errors.get(response.code) ?? new Map()).get(response.code)!;
      for (const example of response.contents?.flatMap((content) => content.examples ?? []) ?? []) {
        if (!named.has(example.key)) named.set(example.key, example.value);
      }
    }
    return {
      operationId: operation.iid ?? `${operation.method} ${operation.path}`,
      method: operation.method.toUpperCase(),
      path: operation.path,
      success,
      errors,
    };
  });
}

/** The scenario names an API knows from its examples: every 2xx example name of any operation. */
export function exampleScenarios(examples: OperationExamples[]): Set<string> {
  return new Set(examples.flatMap((operation) => [...operation.success.keys()]));
}

/** A deep copy of an example value, so state changes never touch Prism's copy. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}
