import { childrenOf, parseCommBoxTime, type CommBoxData } from './data.js';
import { copy } from '../../../mock/stateful/examples.js';
import { newestFirst } from '../../../mock/stateful/newest-first.js';
import type { OperationCall, OperationExamples, Reply, Wire } from '../../../mock/stateful/types.js';

const ORDER_FIELDS: Record<string, string> = {
  createdtime: 'createdTime',
  closedtime: 'closedTime',
  prioritytime: 'priorityTime',
  updatedtime: 'updatedTime',
};

/** CommBox's envelope around `data`, stamped now. */
function envelope(call: OperationCall, fields: Wire): Wire {
  return { ...call.prismBody, response_time: new Date(call.now).toISOString(), ...fields };
}

/** A query value, whatever its case (CommBox, an ASP.NET API, binds query keys case-insensitively). */
function queryValue(call: OperationCall, name: string): string | undefined {
  for (const [key, value] of call.query) if (key.toLowerCase() === name.toLowerCase()) return value;
  return undefined;
}

/** One page (`pageNumber` from 0, `pageSize` up to 100): a page shorter than `pageSize` is the last. */
function page(call: OperationCall, items: unknown[]): unknown[] {
  const size = Number(queryValue(call, 'pageSize') ?? 100);
  const number = Number(queryValue(call, 'pageNumber') ?? 0);
  return items.slice(number * size, (number + 1) * size);
}

function matchesStreamQuery(call: OperationCall, object: Wire): boolean {
  const streamId = call.params.STREAM_ID ?? '';
  const number = (name: string) => (queryValue(call, name) === undefined ? undefined : Number(queryValue(call, name)));
  const created = parseCommBoxTime(object.createdTime) / 1000;
  const checks = [
    !/^[0-9]+$/.test(streamId) || Number(object.streamId) === Number(streamId), // an encrypted stream id matches any stream
    number('userIdentityId') === undefined || Number(object.user_identity) === number('userIdentityId'),
    queryValue(call, 'identityStreamProviderId') === undefined ||
      object.userStreamProviderId === queryValue(call, 'identityStreamProviderId'),
    queryValue(call, 'streamProviderId') === undefined ||
      object.userStreamProviderId === queryValue(call, 'streamProviderId') ||
      object.streamProviderId === queryValue(call, 'streamProviderId'),
    number('unixStartTime') === undefined || created >= number('unixStartTime')!,
    number('unixEndTime') === undefined || created <= number('unixEndTime')!,
    queryValue(call, 'status') === undefined ||
      queryValue(call, 'status')!.split(',').map(Number).includes(Number(object.statusId)),
  ];
  return checks.every(Boolean);
}

/** Get Stream Objects over generated data: filtered by the stream and the query, sorted, one page. */
function streamObjects(call: OperationCall, data: CommBoxData): Wire {
  const field = ORDER_FIELDS[queryValue(call, 'order') ?? 'createdtime'] ?? 'createdTime';
  let items = newestFirst(
    data.objects.filter((object) => matchesStreamQuery(call, object)),
    (object) => parseCommBoxTime(object[field]),
  );
  if (queryValue(call, 'sort') === 'asc') items = items.reverse();
  const includeChilds = queryValue(call, 'includeChilds') === 'true';
  return envelope(call, {
    data: page(call, items).map((object) => {
      const { unreadMessages, ...rest } = object as Wire; // Get Stream Objects carries no unread counts
      void unreadMessages;
      return includeChilds ? { ...rest, childs: [...childrenOf(data, object as Wire)].reverse() } : rest;
    }),
  });
}

function notFound(examples: OperationExamples | undefined): Wire {
  return copy(
    (examples?.errors.get('404')?.values().next().value ?? { status: 404, description: 'Not found' }) as Wire,
  );
}

/**
 * CommBox's answers, chosen by the operation's path. Over generated data (`live`, `many`,
 * `--dynamic`): a user identity's conversations with a total that adds up, a stream's
 * objects filtered and paged, one object with its messages. Over the spec's examples:
 * Get Stream Objects pages the example's items.
 */
export function commboxReply(call: OperationCall, data: CommBoxData | undefined): Reply {
  const examples = call.operation;
  const path = call.path;
  if (!data) {
    if (path.endsWith('/objects') && path.startsWith('/streams/') && Array.isArray(call.prismBody.data)) {
      return { status: 200, body: { ...call.prismBody, data: page(call, call.prismBody.data) } };
    }
    return undefined;
  }
  if (call.params.USER_IDENTITY_ID !== undefined && path.endsWith('/objects')) {
    const identity = Number(call.params.USER_IDENTITY_ID);
    data.watched.add(identity);
    const objects = newestFirst(
      data.objects.filter((object) => Number(object.user_identity) === identity),
      (object) => parseCommBoxTime(object.updatedTime),
    );
    const total = objects.reduce((sum, object) => sum + Number(object.unreadMessages ?? 0), 0);
    return { status: 200, body: envelope(call, { totalUnreadChatMessages: total, data: objects }) };
  }
  if (call.params.OBJECT_ID !== undefined) {
    const object = data.objects.find((candidate) => Number(candidate.objectId) === Number(call.params.OBJECT_ID));
    const streamId = call.params.STREAM_ID ?? '';
    if (!object || (/^[0-9]+$/.test(streamId) && Number(object.streamId) !== Number(streamId)))
      return { status: 404, body: notFound(examples) };
    const children = [...childrenOf(data, object)].reverse(); // the latest first
    const { unreadMessages, ...rest } = object;
    void unreadMessages;
    return {
      status: 200,
      body: envelope(call, {
        data: [{ ...rest, childs: queryValue(call, 'includeChilds') === 'true' ? children : children.slice(0, 1) }],
      }),
    };
  }
  if (call.params.STREAM_ID !== undefined && path.endsWith('/objects'))
    return { status: 200, body: streamObjects(call, data) };
  return undefined;
}
