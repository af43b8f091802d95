// The inbox handler over the vendor clients: keys from the environment, never sent to the browser.
import { createCommBoxClient, createCometChatClient } from 'conversations-client';
import { createInboxHandler } from 'conversations-client/server';

/** Your sessions: here a demo table from the `session` cookie to the visitor's vendor ids. */
const SESSIONS = new Map([['demo', { commbox: { userIdentityId: 558355 }, cometchat: { uid: 'superhero4' } }]]);

export const handler = createInboxHandler({
  commbox: {
    client: createCommBoxClient({ token: process.env.COMMBOX_TOKEN ?? 'demo-token', baseUrl: process.env.COMMBOX_URL }),
  },
  cometchat: {
    client: createCometChatClient({
      appId: process.env.COMETCHAT_APP_ID ?? 'demo',
      region: 'eu',
      apiKey: process.env.COMETCHAT_API_KEY ?? 'demo-key',
      baseUrl: process.env.COMETCHAT_URL,
    }),
  },
  // undefined or null: 401. The browser never sends vendor ids.
  resolveUser: (request) =>
    SESSIONS.get(/(?:^|;\s*)session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? ''),
});
