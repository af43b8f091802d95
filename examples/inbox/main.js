// A unified inbox over the Prism mocks: `npm start`, then open http://127.0.0.1:4000/examples/inbox/
import { createCommBoxClient, createCometChatClient, createInbox } from '../../dist/browser/conversations-client.js';

const params = new URLSearchParams(location.search);
const urls = { commbox: params.get('commbox') ?? 'http://127.0.0.1:4010', cometchat: params.get('cometchat') ?? 'http://127.0.0.1:4011' };

/** Which mock scenario each provider serves (Prism's Prefer header). */
const SCENARIOS = {
  default: { commbox: {}, cometchat: {} },
  unread: { commbox: { Prefer: 'example=unreadChats' }, cometchat: { Prefer: 'example=inbox' } },
  empty: { commbox: { Prefer: 'example=emptyInbox' }, cometchat: { Prefer: 'example=empty' } },
  throttled: { commbox: { Prefer: 'code=429' }, cometchat: { Prefer: 'example=inbox' } },
};

/** The inbox of CommBox user identity 558355 and CometChat user superhero4, as the scenario serves them. */
function inboxFor(scenario) {
  const headers = SCENARIOS[scenario] ?? SCENARIOS.default;
  return createInbox({
    commbox: {
      client: createCommBoxClient({ token: 'demo-token', baseUrl: urls.commbox, headers: headers.commbox, maxRetries: 0 }),
      userIdentityId: 558355,
    },
    cometchat: {
      client: createCometChatClient({ appId: 'demo', region: 'us', apiKey: 'demo-key', baseUrl: urls.cometchat, headers: headers.cometchat, maxRetries: 0 }),
      uid: 'superhero4',
    },
  });
}

function row(conversation) {
  const item = document.createElement('li');
  item.className = 'conversation';
  item.dataset.provider = conversation.provider;
  item.dataset.id = conversation.id;
  item.innerHTML = '<span class="provider"></span><span class="title"></span><span class="time"></span><span class="preview"></span><span class="badge"></span>';
  item.querySelector('.provider').textContent = conversation.provider === 'commbox' ? 'CommBox' : 'CometChat';
  item.querySelector('.title').textContent = conversation.title;
  item.querySelector('.preview').textContent = conversation.lastMessage?.text ?? '';
  item.querySelector('.time').textContent = conversation.updatedAt.toLocaleString();
  const badge = item.querySelector('.badge');
  badge.textContent = String(conversation.unread);
  badge.classList.toggle('zero', conversation.unread === 0);
  return item;
}

async function render(scenario) {
  document.body.dataset.state = 'loading';
  const { total, conversations, failures } = await inboxFor(scenario).unreadSummary();
  const totalBadge = document.getElementById('total');
  totalBadge.textContent = String(total);
  totalBadge.classList.toggle('zero', total === 0);
  const list = document.getElementById('conversations');
  list.replaceChildren(...conversations.map(row));
  if (conversations.length === 0) list.innerHTML = '<li class="empty">No conversations yet.</li>';
  document.getElementById('failures').replaceChildren(
    ...failures.map(({ error }) => Object.assign(document.createElement('li'), { className: 'failure', textContent: `${error.name}: ${error.message}` })),
  );
  document.body.dataset.state = 'ready';
}

const select = document.getElementById('scenario');
select.value = params.get('scenario') ?? 'default';
select.addEventListener('change', () => render(select.value));
render(select.value);
