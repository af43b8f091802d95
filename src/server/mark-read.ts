import { PROVIDER_NAMES, type Provider } from '../vendors/providers.js';
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
  problem(503, 'rate_limited', failure.message, { 'retry-after': String(Math.max(1, Math.ceil((failure.retryAfterMs ?? 0) / 1000))) });

/**
 * The answer to `POST /conversations/{provider}/{id}/read`: 204 once the vendor marked it read (and the
 * visitor's cached read of that provider is dropped), 501 for CommBox, 404 for a conversation that is
 * not among the visitor's, 503 while the account is throttled, 502 when the vendor fails.
 */
export async function markReadResponse(ids: Map<ProviderSource, string>, providerSegment: string, idSegment: string, settings: SourceSettings): Promise<Response> {
  const provider = decode(providerSegment);
  const id = decode(idSegment);
  if (provider !== 'commbox' && provider !== 'cometchat') return problem(404, 'not_found', 'No such provider');
  const name = PROVIDER_NAMES[provider as Provider];
  const entry = [...ids].find(([source]) => source.provider === provider);
  if (!entry) return problem(404, 'not_found', `This server reads no ${name} inbox for this user`);
  const [source, userId] = entry;
  if (!source.adapter.markRead) return problem(501, 'not_supported', `${name} documents no endpoint to mark a conversation read`);

  const waitMs = await source.throttledForMs();
  if (waitMs > 0) return throttled(toWireFailure(source.provider, undefined, { retryAfterMs: waitMs }));
  const result = await source.load(userId);
  const conversation = result.conversations.find((candidate) => candidate.id === id);
  if (!conversation) {
    const failure = result.at === undefined ? result.failures[0] : undefined;
    if (failure?.code === 'rate_limited') return throttled(failure);
    if (failure) return problem(502, 'vendor_error', failure.message);
    return problem(404, 'not_found', `No ${name} conversation with this id for this user`);
  }

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new Error('vendor call deadline')), settings.vendorTimeoutMs);
  try {
    await source.adapter.markRead(userId, conversation, { maxRetries: 0, timeoutMs: settings.vendorTimeoutMs, signal: deadline.signal });
  } catch (error) {
    if (isRateLimited(error)) return throttled(toWireFailure(source.provider, error, { retryAfterMs: await source.throttle(error.retryAfterMs) }));
    return problem(502, 'vendor_error', toWireFailure(source.provider, error, { timedOut: deadline.signal.aborted, timeoutMs: settings.vendorTimeoutMs }).message);
  } finally {
    clearTimeout(timer);
  }
  await source.invalidate(userId);
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
}
