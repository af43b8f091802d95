import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  createCommBoxClient,
  NotFoundError,
  RateLimitError,
  ServerError,
  type RetryEvent,
} from 'conversations-client';
import { describe, expect, inject, it } from 'vitest';
import { loadSpec, resolvePointer } from '../support/spec.js';

const spec = loadSpec('commbox');
const example = (path: string, name: string) =>
  resolvePointer(
    spec,
    `#/paths/${path.replace(/\//g, '~1')}/get/responses/200/content/application~1json/examples/${name}/value`,
  );

const client = (events: RetryEvent[] = []) =>
  createCommBoxClient({
    token: 'test-token',
    baseUrl: inject('commboxUrl'),
    retry: { initialDelayMs: 1, maxDelayMs: 2 },
    onRetry: (event) => events.push(event),
  });

describe('CommBox facade against the Prism mock', () => {
  it('getUserObjects resolves to the typed body with unread counts', async () => {
    const body = await client().getUserObjects(558355);
    expect(body).toEqual({
      ...(example('/v2/users/identities/{USER_IDENTITY_ID}/objects', 'success') as object),
      mayBeTruncated: false,
    });
    expect(body.totalUnreadChatMessages).toBe(2);
    expect(body.data?.[0]?.unreadMessages).toBe(2);
  });

  it('getStreamObjects takes Dates and a status array', async () => {
    const body = await client().getStreamObjects(345, {
      unixStartTime: new Date('2024-09-01T00:00:00Z'),
      unixEndTime: new Date('2024-10-01T00:00:00Z'),
      status: [1, 8],
      includeChilds: true,
    });
    expect(body).toEqual(example('/streams/{STREAM_ID}/objects', 'successResponse'));
  });

  it('getStreamObjects serves the status-post scenario', async () => {
    const body = await client().getStreamObjects(
      '345',
      { userIdentityId: 37389853 },
      { headers: { Prefer: 'example=statusPost' } },
    );
    expect(body.data?.[0]).toMatchObject({ id: 234, numChilds: 2 });
  });

  it('getObject: includeChilds returns children, with an encrypted stream id', async () => {
    const body = await client().getObject('hNyRN_fLUy7rrOrN9jLpipA%3d%3d', 293854, { includeChilds: true });
    expect(body).toEqual(example('/streams/{STREAM_ID}/objects/{OBJECT_ID}', 'withChilds'));
    expect(body.data?.[0]?.childs?.map((child) => child.id)).toEqual([123456, 978944]);
  });

  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [404, NotFoundError],
    [429, RateLimitError],
    [500, ServerError],
    [501, ServerError],
  ] as const)('HTTP %i rejects with %o carrying the vendor body', async (status, ErrorClass) => {
    const error = await client()
      .getObject(345, 293854, {}, { headers: { Prefer: `code=${status}` }, maxRetries: 0 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ provider: 'commbox', operation: 'getObject', status, body: { status } });
    expect((error as ApiError).message).toContain(`HTTP ${status}`);
  });

  it('retries 429 and 500 up to maxRetries, never 400 or 501', async () => {
    for (const [status, attempts] of [
      [429, 3],
      [500, 3],
      [400, 1],
      [501, 1],
    ] as const) {
      const events: RetryEvent[] = [];
      await expect(
        client(events).getUserObjects(558355, { headers: { Prefer: `code=${status}` } }),
      ).rejects.toMatchObject({ status });
      expect(events.map((event) => event.attempt)).toEqual([1, 2].slice(0, attempts - 1));
      expect(events.every((event) => event.status === status && event.operation === 'getUserObjects')).toBe(true);
    }
  });

  it('rejects a bad query before sending anything', async () => {
    const commbox = client();
    // @ts-expect-error no complete limit: refused by the type, and checked at run time too
    await expect(commbox.getStreamObjects(345, { pageSize: 10 })).rejects.toThrow(/needs one limit/);
    // @ts-expect-error no complete limit: refused by the type, and checked at run time too
    await expect(commbox.getStreamObjects(345, { unixStartTime: 1 })).rejects.toThrow(
      /"unixStartTime" must be sent with "unixEndTime"/,
    );
  });
});
