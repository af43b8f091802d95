import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { exportedTypes } from '../support/exported-types.js';

/**
 * What an editor shows on hover: the checker's own printing of the browser client's result types.
 * They must read as names (`InboxSummary`), not `components["schemas"][…]` or a 40-line object.
 */
describe('browser client types have names in hovers', () => {
  const file = fileURLToPath(new URL('../../src/browser/index.ts', import.meta.url));
  const { checker, declared, show, member } = exportedTypes(file);

  it('summary() resolves to InboxSummary; its lists hold InboxApiConversation and InboxApiFailure', () => {
    const summary = member(declared('InboxClient'), 'summary');
    expect(show(checker.getSignaturesOfType(summary, ts.SignatureKind.Call)[0]!.getReturnType())).toBe(
      'Promise<InboxSummary>',
    );
    expect(show(member(declared('InboxSummary'), 'conversations'))).toBe('InboxApiConversation[]');
    expect(show(member(declared('InboxSummary'), 'failures'))).toBe('InboxApiFailure[]');
    for (const name of ['InboxSummary', 'InboxApiConversation', 'InboxApiFailure'])
      expect(show(declared(name))).toBe(name);
  });
});
