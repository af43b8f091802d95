import { describe, expect, it } from 'vitest';
import { generateCometChat } from '../../src/vendors/cometchat/mock/data.js';
import { cometchatReply } from '../../src/vendors/cometchat/mock/routes.js';
import type { OperationCall, OperationExamples } from '../../src/mock/stateful/types.js';

/** A call as the front server builds it, for an operation the spec may add later (issue 11: Get Group Conversation). */
function callTo(method: string, path: string, params: Record<string, string>, body?: unknown): OperationCall {
  const operation: OperationExamples = { operationId: 'future', method, path, success: new Map(), errors: new Map() };
  return {
    operation,
    operationId: 'future',
    method,
    path,
    params,
    query: new URLSearchParams(),
    headers: {},
    body,
    prismBody: { data: {} },
    explicitExample: false,
    now: 0,
    scenario: 'many',
  };
}

describe('answers are chosen by operation path, not by operationId', () => {
  it('GET /groups/{guid}/conversation finds the group, and a missing one is a 404', () => {
    const data = generateCometChat(1, 'superhero4', Date.UTC(2026, 10, 22));
    const group = data.conversations.find((conversation) => conversation.conversationType === 'group')!;
    const found = cometchatReply(
      callTo('GET', '/groups/{guid}/conversation', { guid: group.conversationWith.guid }),
      data,
    );
    expect(found).toEqual({ status: 200, body: { data: group } });
    expect(cometchatReply(callTo('GET', '/groups/{guid}/conversation', { guid: 'nope' }), data)?.status).toBe(404);
  });

  it('mark-read takes any body (messageId as a string or an integer) and zeroes the conversation', () => {
    const data = generateCometChat(1, 'superhero4', Date.UTC(2026, 10, 22));
    const unread =
      data.conversations.find(
        (conversation) => conversation.conversationType === 'group' && conversation.unreadMessageCount !== '0',
      ) ?? data.conversations.find((conversation) => conversation.conversationType === 'group')!;
    unread.unreadMessageCount = '4';
    expect(
      cometchatReply(
        callTo('POST', '/groups/{guid}/conversation/read', { guid: unread.conversationWith.guid }, { messageId: 57 }),
        data,
      ),
    ).toBeUndefined();
    expect(unread.unreadMessageCount).toBe('0');
  });
});
