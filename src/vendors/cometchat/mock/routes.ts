import { markCometChatRead, unreadOf, type CometChatData } from './data.js';
import { copy } from '../../../mock/stateful/examples.js';
import { newestFirst } from '../../../mock/stateful/newest-first.js';
import type { OperationCall, OperationExamples, Reply, Wire } from '../../../mock/stateful/types.js';

/** Which conversation a path names: `/users/{uid}/…` a one-to-one, `/groups/{guid}/…` a group. */
function target(call: OperationCall): { type: 'user' | 'group'; id: string } | undefined {
  if (call.params.uid !== undefined) return { type: 'user', id: call.params.uid };
  if (call.params.guid !== undefined) return { type: 'group', id: call.params.guid };
  return undefined;
}

function find(data: CometChatData, wanted: { type: 'user' | 'group'; id: string }): Wire | undefined {
  return data.conversations.find((conversation) =>
    wanted.type === 'group'
      ? conversation.conversationType === 'group' &&
        (conversation.conversationWith?.guid === wanted.id || conversation.conversationId === `group_${wanted.id}`)
      : conversation.conversationType === 'user' &&
        (conversation.conversationWith?.uid === wanted.id ||
          String(conversation.conversationId).split('_user_').includes(wanted.id)),
  );
}

/** Prism's body with every conversation in it replaced by the state's (mark-read and live messages show). */
function overlay(body: Wire, data: CometChatData): Wire {
  const current = (conversation: Wire): Wire =>
    data.conversations.find((known) => known.conversationId === conversation?.conversationId) ?? conversation;
  if (Array.isArray(body.data)) return { ...body, data: body.data.map(current) };
  if (body.data && typeof body.data === 'object') return { ...body, data: current(body.data) };
  return body;
}

/** One page of List Conversations: filtered, newest first, with a `meta.pagination` that adds up. */
function listPage(call: OperationCall, data: CometChatData): Wire {
  const type = call.query.get('conversationType');
  const search = call.query.get('searchKey')?.toLowerCase();
  const matching = newestFirst(
    data.conversations.filter(
      (conversation) =>
        (!type || conversation.conversationType === type) &&
        (call.query.get('unread') !== 'true' || unreadOf(conversation) > 0) &&
        (!search ||
          String(conversation.conversationWith?.name ?? '')
            .toLowerCase()
            .includes(search)),
    ),
    (conversation) => Number(conversation.updatedAt ?? 0),
  );
  const perPage = Number(call.query.get('perPage') ?? 100);
  const page = Number(call.query.get('page') ?? 1);
  const items = matching.slice((page - 1) * perPage, page * perPage);
  return {
    ...call.prismBody,
    data: items,
    meta: {
      ...call.prismBody.meta,
      pagination: {
        total: matching.length,
        count: items.length,
        per_page: perPage,
        current_page: page,
        total_pages: Math.ceil(matching.length / perPage),
      },
    },
  };
}

/** The operation's 404 body: the example saying the conversation is not accessible, naming it. */
function notAccessible(examples: OperationExamples | undefined, conversationId: string, owner: string): Wire {
  const named = examples?.errors.get('404');
  const example = copy(
    (named?.get('conversationNotAccessible') ??
      named?.values().next().value ?? { error: { code: 'ERR_CONVERSATION_NOT_ACCESSIBLE' } }) as Wire,
  );
  if (example.error && typeof example.error === 'object') {
    example.error.code = 'ERR_CONVERSATION_NOT_ACCESSIBLE';
    example.error.message = `The conversation ${conversationId} is not accessible to the user ${owner}.`;
  }
  return example;
}

/**
 * CometChat's answers from the state, chosen by the operation's path:
 * `GET /conversations` pages, `GET /users/{uid}/conversation` and `GET /groups/{guid}/conversation`
 * find that conversation, `POST …/conversation/read` sets its unread count to 0.
 */
export function cometchatReply(call: OperationCall, data: CometChatData): Reply {
  const examples = call.operation;
  const path = call.path;
  if (call.method === 'GET' && path === '/conversations') return { status: 200, body: listPage(call, data) };
  const wanted = target(call);
  if (wanted && call.method === 'POST' && path.endsWith('/conversation/read')) {
    const conversation = find(data, wanted);
    if (conversation) markCometChatRead(conversation, call.now);
    return undefined;
  }
  if (wanted && call.method === 'GET' && path.endsWith('/conversation')) {
    const conversation = find(data, wanted);
    if (conversation) return { status: 200, body: { ...call.prismBody, data: conversation } };
    // The vendor's own example of this operation, asked for by name, still comes back as written.
    if (call.explicitExample) return { status: 200, body: overlay(call.prismBody, data) };
    const id = wanted.type === 'group' ? `group_${wanted.id}` : [wanted.id, data.owner].sort().join('_user_');
    return { status: 404, body: notAccessible(examples, id, data.owner) };
  }
  return { status: 200, body: overlay(call.prismBody, data) };
}
