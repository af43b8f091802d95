/**
 * The load benchmark's vendors, in their own process so they never compete with the handlers
 * for the event loop: the tests' vendor stand-in answering the vendor examples (CommBox's
 * `success`) after `VENDOR_DELAY_MS` (default 30). Sends `{ commboxUrl, cometchatUrl }` over IPC
 * once listening, and the reads counted so far whenever it is sent a message.
 */
import { commboxInbox, ok, startVendorStandIn } from '../../test/support/vendor-stand-in.js';

const vendors = await startVendorStandIn({
  delayMs: Number(process.env.VENDOR_DELAY_MS ?? 30),
  answers: { commbox: ok(commboxInbox('success')) },
  recordRequests: false,
});
process.send!({ commboxUrl: vendors.commboxUrl, cometchatUrl: vendors.cometchatUrl });
process.on('message', () => process.send!({ reads: vendors.reads }));
process.on('disconnect', () => void vendors.close().then(() => process.exit(0)));
