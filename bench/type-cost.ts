/** Type cost: `tsc --extendedDiagnostics` on a consumer file that calls every method, against the built declarations. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, symlinkSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const CONSUMER = `import { createCommBoxClient, createCometChatClient, createInbox } from 'conversations-client';
const commbox = createCommBoxClient({ token: 't' });
const cometchat = createCometChatClient({ appId: 'a', region: 'us', apiKey: 'k', onBehalfOf: 'me' });
export async function everything(): Promise<number> {
  const a = await commbox.getUserObjects(1);
  const b = await commbox.getStreamObjects(1, { userIdentityId: 1, status: [1, 8] });
  const c = await commbox.getObject('abc', 2, { includeChilds: true });
  for await (const item of commbox.streamObjects(1, { userIdentityId: 1 })) void item;
  for await (const page of commbox.streamObjectPages(1, { userIdentityId: 1 })) void page.data;
  const d = await cometchat.getUserConversation('u');
  const r = await commbox.raw.GET('/streams/{STREAM_ID}/objects/{OBJECT_ID}', { params: { path: { STREAM_ID: '1', OBJECT_ID: 2 } } });
  const list = await cometchat.listConversations({ unread: true });
  for await (const conversation of cometchat.conversations({ conversationType: 'group' })) void conversation.unreadMessageCount;
  await cometchat.markConversationRead({ uid: 'u', messageId: '1' });
  const inbox = createInbox({ commbox: { client: commbox, userIdentityId: 1 }, cometchat: { client: cometchat, uid: 'me' } });
  const summary = await inbox.unreadSummary({ onlyUnread: true });
  if (summary.conversations[0]) await inbox.markRead(summary.conversations[0]);
  void list.meta?.pagination?.total_pages;
  return summary.total + (a.totalUnreadChatMessages ?? 0) + (b.data?.length ?? 0) + (c.data?.length ?? 0) + (Array.isArray(d.data) ? d.data.length : 1) + (r.data ? 1 : 0);
}
`;

export function measureTypeCost(): { checkTimeS: number; instantiations: number; types: number } {
  const dir = mkdtempSync(join(tmpdir(), 'type-cost-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'conversations-client'));
    writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'node16',
          moduleResolution: 'node16',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          lib: ['es2022', 'dom', 'dom.iterable'],
          types: [],
        },
        files: ['consumer.ts'],
      }),
    );
    const output = execFileSync(
      process.execPath,
      [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir, '--extendedDiagnostics'],
      { encoding: 'utf8' },
    );
    const number = (label: string) => Number(new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(output)?.[1]);
    return { checkTimeS: number('Check time'), instantiations: number('Instantiations'), types: number('Types') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
