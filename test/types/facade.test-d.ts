import {
  createCommBoxClient,
  createCometChatClient,
  type CommBoxApi,
  type CommBoxChild,
  type CommBoxConversation,
  type CometChatApi,
  type CometChatConversation,
  type CometChatMessage,
} from 'conversations-client';
import { describe, expectTypeOf, it } from 'vitest';

const commbox = createCommBoxClient({ token: 't' });
const cometchat = createCometChatClient({ appId: 'a', region: 'us', apiKey: 'k' });

type CommBoxOk<Op extends keyof CommBoxApi.operations> =
  CommBoxApi.operations[Op]['responses'][200]['content']['application/json'];

describe('method results are the generated types', () => {
  it('CommBox', () => {
    expectTypeOf(commbox.getUserObjects(1)).resolves.toEqualTypeOf<
      CommBoxOk<'getUserObjects'> & { mayBeTruncated: boolean }
    >();
    expectTypeOf(commbox.getStreamObjects(1, { userIdentityId: 1 })).resolves.toEqualTypeOf<
      CommBoxOk<'getStreamObjects'>
    >();
    expectTypeOf(commbox.getObject('x', 1)).resolves.toEqualTypeOf<CommBoxOk<'getObject'>>();
    expectTypeOf<CommBoxConversation>().toEqualTypeOf<CommBoxApi.components['schemas']['CommBoxConversation']>();
    expectTypeOf<CommBoxChild['user']>().toEqualTypeOf<CommBoxApi.components['schemas']['CommBoxUser'] | undefined>();
    expectTypeOf<CommBoxConversation['objectId']>().toEqualTypeOf<number>();
    expectTypeOf<CommBoxConversation['closedTime']>().toEqualTypeOf<string | null | undefined>();
  });

  it('CometChat', () => {
    type Body = CometChatApi.operations['getUserConversation']['responses'][200]['content']['application/json'];
    expectTypeOf(cometchat.getUserConversation('u')).resolves.toEqualTypeOf<Body>();
    expectTypeOf<Body['data']>().toEqualTypeOf<CometChatConversation | CometChatConversation[]>();
    expectTypeOf<CometChatConversation['unreadMessageCount']>().toEqualTypeOf<string | number | undefined>();
    expectTypeOf<CometChatMessage['receiverType']>().toEqualTypeOf<'user' | 'group' | undefined>();
  });
});

describe('wrong arguments do not compile', () => {
  it('rejects wrong types', () => {
    // @ts-expect-error the token is required
    createCommBoxClient({});
    // @ts-expect-error region is us, eu or in
    createCometChatClient({ appId: 'a', region: 'asia', apiKey: 'k' });
    // @ts-expect-error userIdentityId is a number
    void commbox.getUserObjects({ id: 1 });
    // @ts-expect-error the stream query is required
    void commbox.getStreamObjects(1);
    // @ts-expect-error sort is desc or asc
    void commbox.getStreamObjects(1, { userIdentityId: 1, sort: 'up' });
    // @ts-expect-error includeChilds is a boolean
    void commbox.getObject(1, 2, { includeChilds: 'yes' });
    // @ts-expect-error the uid is a string
    void cometchat.getUserConversation(42);
  });

  it('accepts the conveniences', () => {
    void commbox.getStreamObjects('hNyRN_fLUy7rrOrN9jLpipA%3d%3d', {
      unixStartTime: new Date(),
      unixEndTime: new Date(),
      status: [1, 8],
    });
    void commbox.getStreamObjects(1, { userIdentityId: 1, status: '1,8', order: 'updatedtime' });
    void cometchat.getUserConversation('u', { onBehalfOf: 'me', signal: AbortSignal.timeout(1000), maxRetries: 0 });
  });
});

describe('the inbox', () => {
  it('InboxConversation is narrowed by provider to the typed vendor object', async () => {
    const { createInbox } = await import('conversations-client');
    const inbox = createInbox({
      commbox: { client: commbox, userIdentityId: 1 },
      cometchat: { client: cometchat, uid: 'me' },
    });
    const summary = await inbox.unreadSummary({ onlyUnread: true, limit: 10 });
    expectTypeOf(summary.total).toEqualTypeOf<number>();
    expectTypeOf(summary.byProvider).toEqualTypeOf<Record<'commbox' | 'cometchat', number>>();
    const conversation = summary.conversations[0]!;
    expectTypeOf(conversation.updatedAt).toEqualTypeOf<Date>();
    if (conversation.provider === 'commbox') expectTypeOf(conversation.raw).toEqualTypeOf<CommBoxConversation>();
    else expectTypeOf(conversation.raw).toEqualTypeOf<CometChatConversation>();
    // @ts-expect-error intervalMs is a number
    void inbox.watch({ intervalMs: '5s' }, () => undefined);
  });

  it('CometChat list and mark-read take typed queries and targets', () => {
    void cometchat.listConversations({ conversationType: 'group', unread: true, perPage: 50, tags: ['vip'] });
    // @ts-expect-error conversationType is user or group
    void cometchat.listConversations({ conversationType: 'channel' });
    void cometchat.markConversationRead({ guid: 'team', messageId: '57' });
    // @ts-expect-error a target names a uid, a guid or a conversation
    void cometchat.markConversationRead({ id: 'x' });
  });
});

describe('operations the vendors document beside the seeds', () => {
  it('getGroupConversation resolves to the generated body; messageId takes a number or its digits', () => {
    type Body = CometChatApi.operations['getGroupConversation']['responses'][200]['content']['application/json'];
    expectTypeOf(cometchat.getGroupConversation('team')).resolves.toEqualTypeOf<Body>();
    void cometchat.markConversationRead({ uid: 'u', messageId: 57 });
  });
});
