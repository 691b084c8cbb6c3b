import { type HeraldEvent, openSharedStream, type SharedStream, type StreamReset, type StreamState } from '../../client/herald-stream.js';
import { AccessPanel } from './access-panel.js';
import { Announcer } from './announcer.js';
import { describedEventTypes, listUsers, type UserPage } from './api.js';
import { ApiError, explain } from './api-error.js';
import { ConnectionPanel } from './connection-panel.js';
import { CreateForm } from './create-form.js';
import { byId } from './dom.js';
import { EventList } from './event-list.js';
import { TypeFilter } from './type-filter.js';
import { UserList } from './user-list.js';
import { UsersTable } from './users-table.js';

// A first load that fails for a reason that passes (503, 429, the network) is tried again after this long.
const RETRY_LOAD_MS = 3_000;

const users = new UserList();
const access = new AccessPanel(() => void start());
const askForToken = () => access.ask();
const table = new UsersTable(() => void loadMore(), askForToken);
const form = new CreateForm(askForToken);
const connection = new ConnectionPanel();
const announcer = new Announcer(byId('events-announcer'));
const filter = new TypeFilter(byId('filters'), () => events.render());
const events = new EventList(byId<HTMLOListElement>('events'), byId('events-empty'), byId('events-count'), filter);
let stream: SharedStream | null = null;
// The types the service streams, from its AsyncAPI document: the filter's choices and the stream's listeners.
let eventTypes = describedEventTypes();
let retry: ReturnType<typeof setTimeout> | undefined;

const showUsers = () => table.render(users.items, users.nextCursor !== null);

/** The first page, or null after saying why there is none (and trying again when that may pass). */
async function firstPage(): Promise<UserPage | null> {
  try {
    const page = await listUsers();
    table.problem(null);
    return page;
  } catch (error) {
    const refusal = error instanceof ApiError ? error : new ApiError(0, [String(error)]);
    table.problem(explain(refusal));
    if (refusal.status === 401) askForToken();
    if ([0, 429, 502, 503, 504].includes(refusal.status)) retry = setTimeout(() => void start(), (refusal.retryAfterSeconds ?? RETRY_LOAD_MS / 1000) * 1000);
    return null;
  }
}

/** Loads the page, then opens the stream from the position the page reflects: nothing missed, nothing twice. */
async function start(): Promise<void> {
  clearTimeout(retry);
  const page = await firstPage();
  if (page === null) return;
  users.replace(page);
  showUsers();
  const types = (await eventTypes).map(({ name }) => name).filter((name) => name !== 'stream.reset');
  if (types.length === 0) {
    table.problem('The service did not say which events it streams (GET /asyncapi.json); trying again.');
    eventTypes = describedEventTypes();
    retry = setTimeout(() => void start(), RETRY_LOAD_MS);
    return;
  }
  stream?.close();
  stream = openSharedStream({ after: page.position, eventTypes: types, onEvent, onReset, onState });
}

async function loadMore(): Promise<void> {
  const cursor = users.nextCursor;
  if (cursor === null) return;
  table.loading(true);
  try {
    users.append(await listUsers(cursor));
    table.problem(null);
  } catch (error) {
    table.problem(explain(error instanceof ApiError ? error : new ApiError(0, [String(error)])));
  } finally {
    table.loading(false);
  }
  showUsers();
}

function onEvent(event: HeraldEvent): void {
  filter.add([{ name: event.type, title: event.type, summary: '' }]);
  events.add(event);
  connection.delivered(event.id);
  announcer.eventArrived();
  if (users.apply(event)) showUsers();
}

/** The log could not continue from where this page was: reload what it shows, then go on from there. */
async function onReset(reset: StreamReset): Promise<void> {
  table.problem(`The stream started over from #${reset.resumeFrom}; the list was reloaded.`);
  try {
    const page = await listUsers();
    users.replace(page);
    showUsers();
    table.problem(null);
    stream?.restart(page.position);
  } catch (error) {
    table.problem(explain(error instanceof ApiError ? error : new ApiError(0, [String(error)])));
  }
}

function onState(state: StreamState): void {
  connection.show(state);
  form.enable(state.status === 'live');
  if (state.status === 'unauthorized') askForToken();
}

void eventTypes.then((types) => filter.add(types));
void start();
