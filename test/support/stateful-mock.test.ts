import { describe, expect, it } from 'vitest';
import { loadPrism } from '../../src/mock/prism.js';
import { specPath } from '../../src/mock/start-mock-servers.js';
import { operationExamples } from '../../src/mock/stateful/examples.js';
import type { OperationExamples } from '../../src/mock/stateful/types.js';
import { specOperationExamples } from './stateful-mock.js';

/** Comparable form: maps as entry lists, operations in path order. */
const plain = (operations: OperationExamples[]) =>
  operations
    .map((operation) => ({
      ...operation,
      success: [...operation.success],
      errors: [...operation.errors].map(([status, named]) => [status, [...named]]),
    }))
    .sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));

describe('the in-process mock (test/support/stateful-mock.ts)', () => {
  it.each(['commbox', 'cometchat'] as const)(
    'reads the %s examples as Prism does: same operations, statuses, names, order and values',
    async (api) => {
      const prism = loadPrism();
      const theirs = operationExamples(await prism.http.getHttpOperationsFromSpec(specPath(api)));
      expect(theirs.length).toBeGreaterThan(0);
      expect(plain(specOperationExamples(api))).toEqual(plain(theirs));
    },
  );
});
