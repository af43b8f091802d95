// Next.js App Router: every /api/inbox/* request goes to the handler (a (Request) => Promise<Response>).
import { handler } from '../../../../lib/inbox';

export const dynamic = 'force-dynamic'; // per-visitor data: never prerendered
export const runtime = 'nodejs'; // 'edge' works too: the handler needs only the Fetch API

export { handler as GET, handler as HEAD, handler as POST };
