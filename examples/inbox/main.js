// A unified inbox through the site's own backend: `npm start`, then open http://127.0.0.1:4000/examples/inbox/
// The page knows no vendor key, token or vendor user id: createInboxHandler on the server decides who the
// visitor is and talks to CommBox and CometChat.
// Live: `watch` follows the handler's event stream (GET /api/inbox/events), one per browser for all its tabs;
// it polls (every `?interval=` ms) only when the stream is not available. `?scenario=live` in two tabs shows it.
import { createInboxClient } from '../../dist/browser/inbox-client.js';

const inbox = createInboxClient({ baseUrl: '/api/inbox' });
const params = new URLSearchParams(location.search);
const PROVIDERS = { commbox: 'CommBox', cometchat: 'CometChat' };

function row(conversation) {
  const item = document.createElement('li');
  item.className = 'conversation';
  item.dataset.provider = conversation.provider;
  item.dataset.id = conversation.id;
  item.innerHTML =
    '<span class="provider"></span><span class="title"></span><span class="time"></span><span class="preview"></span><span class="badge"></span>';
  item.querySelector('.provider').textContent = PROVIDERS[conversation.provider];
  item.querySelector('.title').textContent = conversation.title;
  item.querySelector('.preview').textContent = conversation.lastMessage?.text ?? '';
  item.querySelector('.time').textContent = new Date(conversation.updatedAt).toLocaleString();
  const badge = item.querySelector('.badge');
  badge.textContent = String(conversation.unread);
  badge.classList.toggle('zero', conversation.unread === 0);
  if (conversation.provider === 'cometchat' && conversation.unread > 0) {
    const button = Object.assign(document.createElement('button'), {
      className: 'mark-read',
      textContent: 'Mark read',
    });
    button.addEventListener('click', () => markRead(conversation, button));
    item.append(button);
  }
  return item;
}

/** A failure's line: the message names its provider already ("CommBox is throttling…"); else prefix the name. */
function failureText(failure) {
  const name = PROVIDERS[failure.provider] ?? failure.provider;
  return failure.message.startsWith(name) ? failure.message : `${name}: ${failure.message}`;
}

function render(summary) {
  const { total, conversations, failures, stale } = summary;
  const totalBadge = document.getElementById('total');
  totalBadge.textContent = String(total);
  totalBadge.classList.toggle('zero', total === 0);
  // A provider that could not be read is not in the total: say so next to it.
  const missing = [...new Set(failures.map((failure) => PROVIDERS[failure.provider]))];
  const partial = document.getElementById('partial');
  partial.hidden = missing.length === 0;
  partial.textContent = missing.length ? `partial: without ${missing.join(' and ')}` : '';
  totalBadge.classList.toggle('partial', missing.length > 0);
  totalBadge.title = missing.length ? `Unread messages, not counting ${missing.join(' and ')}` : 'Unread messages';
  const list = document.getElementById('conversations');
  list.replaceChildren(...conversations.map(row));
  if (conversations.length === 0) list.innerHTML = '<li class="empty">No conversations yet.</li>';
  document
    .getElementById('failures')
    .replaceChildren(
      ...failures.map((failure) =>
        Object.assign(document.createElement('li'), { className: 'failure', textContent: failureText(failure) }),
      ),
    );
  document.getElementById('stale').hidden = !stale;
  document.body.dataset.state = 'ready';
}

function showError(error) {
  document
    .getElementById('failures')
    .replaceChildren(Object.assign(document.createElement('li'), { className: 'failure', textContent: error.message }));
  document.body.dataset.state = 'error';
}

async function markRead(conversation, button) {
  button.disabled = true;
  try {
    await inbox.markRead(conversation);
    render(await inbox.summary());
  } catch (error) {
    showError(error);
  }
}

let watching;
function start(scenario) {
  watching?.abort();
  watching = new AbortController();
  // The mock scenario is a cookie the local stack reads (a demo switch; the page never picks vendor settings).
  document.cookie = `mock-scenario=${scenario}; path=/; SameSite=Strict`;
  document.body.dataset.state = 'loading';
  inbox.watch(
    { intervalMs: Number(params.get('interval') ?? 3_000), signal: watching.signal, onError: showError },
    render,
  );
}

const select = document.getElementById('scenario');
select.value = params.get('scenario') ?? 'default';
select.addEventListener('change', () => start(select.value));
start(select.value);
