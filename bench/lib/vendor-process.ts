/**
 * The load benchmark's vendors, in their own process so they never compete with the handlers
 * for the event loop: CommBox and CometChat doubles answering the vendor examples after
 * `VENDOR_DELAY_MS` (default 30). Sends `{ commboxUrl, cometchatUrl }` over IPC once listening,
 * and the reads counted so far whenever it is sent a message.
 */
import { startVendorDoubles } from '../../test/support/vendor-doubles.js';

const vendors = await startVendorDoubles({ delayMs: Number(process.env.VENDOR_DELAY_MS ?? 30) });
process.send!({ commboxUrl: vendors.commboxUrl, cometchatUrl: vendors.cometchatUrl });
process.on('message', () => process.send!({ reads: vendors.reads }));
process.on('disconnect', () => void vendors.close().then(() => process.exit(0)));
