// The inbox handler, built once per server instance. Keys come from the environment and stay on the server.
import { createCommBoxClient, createCometChatClient } from 'conversations-client';
import { createInboxHandler, type InboxUser } from 'conversations-client/server';

/** Your sessions: here a demo table from the `session` cookie to the visitor's vendor ids. */
const SESSIONS = new Map<string, InboxUser>([
  ['demo', { commbox: { userIdentityId: 558355 }, cometchat: { uid: 'superhero4' } }],
]);

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
  resolveUser: (request: Request) =>
    SESSIONS.get(/(?:^|;\s*)session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1] ?? '') ?? null,
});
