import { expect, it } from 'vitest';
import { loadOtelApi } from '../../src/internal/telemetry-api.js';
import { otelVendorCall } from '../../src/internal/telemetry-vendor-call.js';
import { registerTestSdk } from './support/otel-sdk.js';

const request = { url: 'http://vendor.test/conversations', method: 'GET', headers: {}, body: null };
const context = {
  provider: 'cometchat' as const,
  vendor: { provider: 'cometchat', displayName: 'CometChat' },
  operation: 'listConversations',
  urlTemplate: '/conversations',
  secrets: [],
  timeoutMs: 1_000,
  maxResponseBytes: 1_000,
};

it('with @opentelemetry/api installed and no SDK, a vendor call takes the untraced path; once an SDK registers, it is traced', async () => {
  expect(await loadOtelApi()).not.toBeNull();
  expect(otelVendorCall(request, context)).toBeUndefined();
  const sdk = registerTestSdk();
  try {
    const trace = otelVendorCall(request, context);
    expect(trace).toBeDefined();
    trace!.end({ status: 200, headers: new Headers() });
    expect(sdk.spans().map((span) => span.name)).toEqual(['GET /conversations']);
  } finally {
    await sdk.shutdown();
  }
  expect(otelVendorCall(request, context)).toBeUndefined();
});
