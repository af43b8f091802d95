// A unified inbox over the Prism mocks: `npm start`, then open http://127.0.0.1:4000/examples/inbox/
import { createCommBoxClient, createCometChatClient, parseVendorTime, toCount } from '../../dist/browser/conversations-client.js';

const params = new URLSearchParams(location.search);
const commbox = createCommBoxClient({ token: 'demo-token', baseUrl: params.get('commbox') ?? 'http://127.0.0.1:4010', maxRetries: 0 });
const cometchat = createCometChatClient({
  appId: 'demo',
  region: 'us',
  apiKey: 'demo-key',
  onBehalfOf: 'superhero4',
  baseUrl: params.get('cometchat') ?? 'http://127.0.0.1:4011',
  maxRetries: 0,
});

/** Which mock scenario each provider serves (Prism's Prefer header). */
const SCENARIOS = {
  default: { commbox: {}, cometchat: {} },
  unread: { commbox: { Prefer: 'example=unreadChats' }, cometchat: { Prefer: 'example=userConversation' } },
  empty: { commbox: { Prefer: 'example=emptyInbox' }, cometchat: { Prefer: 'example=readConversation' } },
  throttled: { commbox: { Prefer: 'code=429' }, cometchat: { Prefer: 'example=userConversation' } },
};

/** CommBox messages are HTML: show them as plain text. */
function plainText(html) {
  return new DOMParser().parseFromString((html ?? '').replace(/<br\s*\/?>/gi, ' '), 'text/html').body.textContent.replace(/\s+/g, ' ').trim();
}

function fromCommBox(body) {
  return (body.data ?? []).map((object) => ({
    provider: 'commbox',
    id: String(object.objectId),
    title: [object.firstName, object.lastName].filter(Boolean).join(' ') || object.userStreamProviderId || `Conversation ${object.objectId}`,
    unread: toCount(object.unreadMessages),
    text: plainText(object.message),
    at: parseVendorTime(object.updatedTime ?? object.createdTime),
  }));
}

function fromCometChat(body) {
  const conversations = Array.isArray(body.data) ? body.data : [body.data];
  return conversations.map((conversation) => ({
    provider: 'cometchat',
    id: conversation.conversationId,
    title: conversation.conversationWith?.name ?? conversation.conversationId,
    unread: toCount(conversation.unreadMessageCount),
    text: conversation.lastMessage?.data?.text ?? conversation.lastMessage?.data?.action ?? '',
    at: parseVendorTime(conversation.lastMessage?.sentAt ?? conversation.updatedAt),
  }));
}

function row(conversation) {
  const item = document.createElement('li');
  item.className = 'conversation';
  item.dataset.provider = conversation.provider;
  item.dataset.id = conversation.id;
  item.innerHTML = '<span class="provider"></span><span class="title"></span><span class="time"></span><span class="preview"></span><span class="badge"></span>';
  item.querySelector('.provider').textContent = conversation.provider === 'commbox' ? 'CommBox' : 'CometChat';
  item.querySelector('.title').textContent = conversation.title;
  item.querySelector('.preview').textContent = conversation.text;
  item.querySelector('.time').textContent = conversation.at?.toLocaleString() ?? '';
  const badge = item.querySelector('.badge');
  badge.textContent = String(conversation.unread);
  badge.classList.toggle('zero', conversation.unread === 0);
  return item;
}

async function render(scenario) {
  document.body.dataset.state = 'loading';
  const headers = SCENARIOS[scenario] ?? SCENARIOS.default;
  const [commboxResult, cometchatResult] = await Promise.allSettled([
    commbox.getUserObjects(558355, { headers: headers.commbox }).then(fromCommBox),
    cometchat.getUserConversation('superhero3', { headers: headers.cometchat }).then(fromCometChat),
  ]);
  const conversations = [commboxResult, cometchatResult]
    .flatMap((result) => (result.status === 'fulfilled' ? result.value : []))
    .sort((a, b) => (b.at?.getTime() ?? 0) - (a.at?.getTime() ?? 0));
  const failures = [commboxResult, cometchatResult].filter((result) => result.status === 'rejected').map((result) => result.reason);

  const total = conversations.reduce((sum, conversation) => sum + conversation.unread, 0);
  const totalBadge = document.getElementById('total');
  totalBadge.textContent = String(total);
  totalBadge.classList.toggle('zero', total === 0);
  const list = document.getElementById('conversations');
  list.replaceChildren(...conversations.map(row));
  if (conversations.length === 0) list.innerHTML = '<li class="empty">No conversations yet.</li>';
  document.getElementById('failures').replaceChildren(
    ...failures.map((error) => Object.assign(document.createElement('li'), { className: 'failure', textContent: `${error.name}: ${error.message}` })),
  );
  document.body.dataset.state = 'ready';
}

const select = document.getElementById('scenario');
select.value = params.get('scenario') ?? 'default';
select.addEventListener('change', () => render(select.value));
render(select.value);
