import { accountKey } from '../../../src/core/account-key.js';
import { checkBaseUrl } from '../../../src/core/base-url.js';
import type { ClientOptions, RequestOptions } from '../../../src/core/client-options.js';
import { createClientCore, type OperationRoutes } from '../../../src/core/operation.js';
import { headerValue, pathSegment } from '../../../src/core/validate.js';
import type { operations, paths } from './generated.js';
import { THREADLY_PROFILE } from './profile.js';

/** One page of List Threads. */
export type ThreadList = operations['listThreads']['responses']['200']['content']['application/json'];
/** A Threadly thread. */
export type Thread = ThreadList['items'][number];

/** A Threadly client: one function per operation. */
export interface ThreadlyClient {
  listThreads(memberId: string, options?: RequestOptions): Promise<ThreadList>;
  markThreadSeen(memberId: string, threadId: string, options?: RequestOptions): Promise<void>;
  readonly accountKey: string;
}

const WHERE = 'createThreadlyClient';
const ROUTES: OperationRoutes<paths, operations> = {
  listThreads: ['get', '/v1/members/{memberId}/threads'],
  markThreadSeen: ['post', '/v1/members/{memberId}/threads/{threadId}/seen'],
};
const UNRESERVED = /[^A-Za-z0-9\-._~]/gu;

/** Creates a Threadly client on the shared request pipeline (retries, timeouts, typed errors with the vendor's body). */
export function createThreadlyClient(options: ClientOptions & { apiKey: string; baseUrl?: string }): ThreadlyClient {
  const apiKey = headerValue(options.apiKey, 'apiKey', WHERE, true);
  const baseUrl = checkBaseUrl(options.baseUrl ?? 'https://api.threadly.test', WHERE, /^api\.threadly\.test$/i);
  const { call } = createClientCore<paths, operations>(options, {
    vendor: THREADLY_PROFILE,
    where: WHERE,
    baseUrl,
    authHeaders: { 'X-Threadly-Key': apiKey },
    secrets: [apiKey],
    routes: ROUTES,
  });
  return {
    accountKey: accountKey('threadly', baseUrl, apiKey),
    listThreads: (memberId, request) =>
      call(
        'listThreads',
        { params: { path: { memberId: pathSegment(memberId, 'memberId', 'listThreads', UNRESERVED) } } },
        request,
      ),
    async markThreadSeen(memberId, threadId, request) {
      const path = {
        memberId: pathSegment(memberId, 'memberId', 'markThreadSeen', UNRESERVED),
        threadId: pathSegment(threadId, 'threadId', 'markThreadSeen', UNRESERVED),
      };
      await call('markThreadSeen', { params: { path } }, request);
    },
  };
}
