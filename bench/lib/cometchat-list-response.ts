/**
 * CometChat's List Conversations answer for `uid`: one one-to-one conversation with `unread`
 * unread messages (the benches' in-process vendor).
 */
export function cometchatListResponse(uid: string, unread: number): Response {
  const conversationId = `peer_user_${uid}`;
  const data = [
    {
      conversationId,
      conversationType: 'user',
      unreadMessageCount: unread,
      createdAt: 1,
      updatedAt: 2,
      conversationWith: { uid: 'peer', name: 'Peer', conversationId },
    },
  ];
  return new Response(
    JSON.stringify({
      data,
      meta: { pagination: { total: 1, count: 1, per_page: 100, current_page: 1, total_pages: 1 } },
    }),
    { headers: { 'content-type': 'application/json' } },
  );
}
