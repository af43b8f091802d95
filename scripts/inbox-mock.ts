/**
 * The mock of openapi/inbox.yaml, for frontend developers who only need the inbox API
 * (send any `session` cookie; `Prefer: example=cometchatThrottled` picks an example; marking a
 * conversation read lowers later summaries; `POST /__mock/reset` starts over).
 * Run alone: `node --import tsx scripts/inbox-mock.ts` (port INBOX_MOCK_PORT, default 4012).
 */
import { fileURLToPath } from 'node:url';
import { startInboxApiMock, type InboxApiMock } from '../src/mock/index.js';

/**
 * Starts the inbox API mock on `port`.
 * @throws {Error} naming INBOX_MOCK_PORT when the port is taken
 */
export async function startInboxMock(port: number, host = '127.0.0.1'): Promise<InboxApiMock> {
  try {
    return await startInboxApiMock({ port, host });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new Error(`The inbox mock is not served: port ${port} is in use; set INBOX_MOCK_PORT`);
    throw error;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mock = await startInboxMock(Number(process.env.INBOX_MOCK_PORT ?? 4012));
  console.log(`Inbox API mock: ${mock.url}/summary  (send -H 'Cookie: session=any')`);
}
