import { withDeadline } from '../core/abort.js';
import type { ProviderSource, SourceSettings } from './provider-source.js';
import { problem } from './responses.js';
import { isRateLimited, toWireFailure, type WireFailure } from './wire.js';

const decode = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

const throttled = (failure: WireFailure) =>
  problem(503, 'rate_limited', failure.message, {
    'retry-after': String(Math.max(1, Math.ceil((failure.retryAfterMs ?? 0) / 1000))),
  });

/**
 * The answer to `POST /conversations/{provider}/{id}/read`: 204 once the vendor marked it read (and the
 * visitor's cached read of that provider is dropped), 501 for a vendor without a read endpoint (CommBox),
 * 404 for a provider `known` does not list or a conversation that is not among the visitor's, 503 while
 * the account is throttled, 502 when the vendor fails.
 * @param known the handler's vendors (configured or not): their ids and names
 */
export async function markReadResponse(
  ids: Map<ProviderSource, string>,
  providerSegment: string,
  idSegment: string,
  settings: SourceSettings,
  known: readonly { provider: string; profile: { displayName: string } }[],
): Promise<Response> {
  const provider = decode(providerSegment);
  const id = decode(idSegment);
  const vendor = known.find((candidate) => candidate.provider === provider);
  if (!vendor) return problem(404, 'not_found', 'No such provider');
  const name = vendor.profile.displayName;
  const entry = [...ids].find(([source]) => source.provider === provider);
  if (!entry) return problem(404, 'not_found', `This server reads no ${name} inbox for this user`);
  const [source, userId] = entry;
  if (!source.adapter.markRead)
    return problem(501, 'not_supported', `${name} documents no endpoint to mark a conversation read`);

  const waitMs = await source.throttledForMs();
  if (waitMs > 0) return throttled(toWireFailure(source.adapter, undefined, { retryAfterMs: waitMs }));
  const result = await source.load(userId);
  const conversation = result.conversations.find((candidate) => candidate.id === id);
  if (!conversation) {
    const failure = result.at === undefined ? result.failures[0] : undefined;
    if (failure?.code === 'rate_limited') return throttled(failure);
    if (failure) return problem(502, 'vendor_error', failure.message);
    return problem(404, 'not_found', `No ${name} conversation with this id for this user`);
  }

  const markRead = source.adapter.markRead;
  let timedOut = false;
  const deadlineError = () => {
    timedOut = true;
    return new Error('vendor call deadline');
  };
  try {
    await withDeadline(
      (signal) => markRead(userId, conversation, { maxRetries: 0, timeoutMs: settings.vendorTimeoutMs, signal }),
      settings.vendorTimeoutMs,
      { reason: deadlineError },
    );
  } catch (error) {
    if (isRateLimited(error))
      return throttled(
        toWireFailure(source.adapter, error, { retryAfterMs: await source.throttle(error.retryAfterMs) }),
      );
    return problem(
      502,
      'vendor_error',
      toWireFailure(source.adapter, error, { timedOut, timeoutMs: settings.vendorTimeoutMs }).message,
    );
  }
  await source.invalidate(userId);
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
}
