import { commboxInbox, ok, startVendorStandIn, type VendorStandIn } from './vendor-stand-in.js';

/**
 * The shared-store tests' name for the one vendor stand-in (vendor-stand-in.ts), kept so imports
 * of this path go on working. Its defaults: answers wait 30 ms, CommBox answers its `success`
 * example (2 unread; with CometChat's `inbox`, 7 in all).
 */
export type VendorDoubles = VendorStandIn;

/** {@link startVendorStandIn} with this module's defaults (`delayMs` 30, CommBox's `success` example). */
export function startVendorDoubles(options: { delayMs?: number } = {}): Promise<VendorDoubles> {
  return startVendorStandIn({ delayMs: options.delayMs ?? 30, answers: { commbox: ok(commboxInbox('success')) } });
}
