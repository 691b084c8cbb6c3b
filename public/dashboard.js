const $ = (selector) => document.querySelector(selector);
const TYPES = ['user.created', 'user.renamed', 'user.deleted'];
let source = null;
let lastEventId = null;
let retryTimer = null;
// A token pasted into the page: in this tab's memory only. Reads and the stream use the HttpOnly
// cookie it was exchanged for; writes send it as a header, since the service never takes the cookie for a write.
let token = null;

/** What a refusal means to a person, from the status and Nest's error body. */
function explain(status, body) {
  const detail = body ? [body.message].flat().join('; ') : '';
  switch (status) {
    case 401: return `Not signed in or the token has expired${detail ? ` (${detail})` : ''}. Paste a token above.`;
    case 403: return `Your token does not allow this${detail ? `: ${detail}` : ''}.`;
    case 429: return `Too many requests${detail ? ` (${detail})` : ''}; try again in a moment.`;
    case 503: return 'The service is unavailable right now; it will be retried.';
    default: return detail || `The service answered ${status}.`;
  }
}

async function readBody(response) {
  try { return await response.json(); } catch { return null; }
}

function askForToken(message) {
  $('#access').hidden = false;
  if (message) { $('#access-result').className = 'error'; $('#access-result').textContent = message; }
}

async function loadUsers() {
  const response = await fetch('/users?limit=20');
  if (!response.ok) {
    if (response.status === 401) askForToken();
    const note = document.createElement('li');
    note.className = 'note';
    note.textContent = explain(response.status, await readBody(response));
    $('#users').replaceChildren(note);
    return;
  }
  const { items } = await response.json();
  $('#users').replaceChildren(...items.map((user) => {
    const li = document.createElement('li');
    li.textContent = user.email ? `${user.name} <${user.email}>` : user.name;
    return li;
  }));
}

function show(type, id, text) {
  const li = document.createElement('li');
  li.innerHTML = '<span class="id"></span><span class="type"></span> <span class="text"></span>';
  li.querySelector('.id').textContent = `#${id}`;
  li.querySelector('.type').textContent = type;
  li.querySelector('.text').textContent = text;
  $('#events').prepend(li);
}

function status(text, kind) {
  $('#status').textContent = text;
  $('#status').className = kind;
}

function streamUrl() {
  const types = [...document.querySelectorAll('#filters input:checked')].map((box) => box.value);
  const query = new URLSearchParams();
  if (types.length < TYPES.length) query.set('types', types.join(','));
  if (lastEventId !== null) query.set('lastEventId', lastEventId);
  return `/events?${query}`;
}

/**
 * A browser's EventSource retries a dropped connection by itself, but gives up for good on any answer
 * that is not a 200. Then this asks the same URL once more to learn why, and tries again after the
 * server's Retry-After (503, 429), or asks for a token (401).
 */
async function recover() {
  clearTimeout(retryTimer);
  const probe = new AbortController();
  let response = null;
  try {
    response = await fetch(streamUrl(), { signal: probe.signal });
  } catch {
    // the service is not reachable at all: try again soon
  }
  probe.abort();
  if (response?.ok) return connect();
  const seconds = Number(response?.headers.get('retry-after')) || 3;
  if (response?.status === 401) {
    status('signed out', 'down');
    askForToken(explain(401, await readBody(response)));
    return;
  }
  status(response ? `${explain(response.status, await readBody(response))} Retrying in ${seconds} s…` : `offline; retrying in ${seconds} s…`, 'down');
  retryTimer = setTimeout(connect, seconds * 1000);
}

function connect() {
  clearTimeout(retryTimer);
  source?.close();
  source = new EventSource(streamUrl());
  source.onopen = () => status('live', 'live');
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) return void recover();
    status('reconnecting…', 'down');
  };
  for (const type of TYPES) {
    source.addEventListener(type, (event) => {
      lastEventId = event.lastEventId;
      const data = JSON.parse(event.data);
      show(type, event.lastEventId, `${data.name ?? ''} ${data.email ? `<${data.email}>` : ''} ${data.id}`);
      loadUsers();
    });
  }
  // The log could not continue from where we were: what is shown may be stale, so reload it.
  source.addEventListener('stream.reset', (event) => {
    lastEventId = event.lastEventId;
    show('stream.reset', event.lastEventId, 'reloaded');
    loadUsers();
  });
}

$('#sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const candidate = $('#token').value.trim();
  const response = await fetch('/auth/session', { method: 'POST', headers: { authorization: `Bearer ${candidate}` } });
  if (!response.ok) {
    $('#access-result').className = 'error';
    $('#access-result').textContent = explain(response.status, await readBody(response));
    return;
  }
  token = candidate;
  event.target.reset();
  $('#access').hidden = true;
  loadUsers();
  connect();
});

$('#filters').addEventListener('change', connect);
$('#create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = JSON.stringify({ email: $('#email').value, name: $('#name').value });
  const headers = { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) };
  const response = await fetch('/users', { method: 'POST', headers, body });
  const answer = await readBody(response);
  $('#result').className = response.ok ? 'ok' : 'error';
  $('#result').textContent = response.ok ? `created ${answer.id}` : explain(response.status, answer);
  if (response.status === 401) askForToken();
  if (response.ok) event.target.reset();
});

loadUsers();
connect();
