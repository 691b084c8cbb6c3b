const $ = (selector) => document.querySelector(selector);
let source = null;
let lastEventId = null;

async function loadUsers() {
  const response = await fetch('/users?limit=20');
  const { items } = await response.json();
  $('#users').replaceChildren(...items.map((user) => {
    const li = document.createElement('li');
    li.textContent = `${user.name} <${user.email}>`;
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

function connect() {
  source?.close();
  const types = [...document.querySelectorAll('#filters input:checked')].map((box) => box.value);
  const query = new URLSearchParams();
  if (types.length < 3) query.set('types', types.join(','));
  if (lastEventId !== null) query.set('lastEventId', lastEventId);
  source = new EventSource(`/events?${query}`);
  source.onopen = () => { $('#status').textContent = 'live'; $('#status').className = 'live'; };
  source.onerror = () => { $('#status').textContent = 'reconnecting…'; $('#status').className = 'down'; };
  for (const type of ['user.created', 'user.renamed', 'user.deleted']) {
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

$('#filters').addEventListener('change', connect);
$('#create').addEventListener('submit', async (event) => {
  event.preventDefault();
  const body = JSON.stringify({ email: $('#email').value, name: $('#name').value });
  const response = await fetch('/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = await response.json();
  $('#result').className = response.ok ? 'ok' : 'error';
  $('#result').textContent = response.ok ? `created ${answer.id}` : [answer.message].flat().join('; ');
  if (response.ok) event.target.reset();
});

loadUsers();
connect();
