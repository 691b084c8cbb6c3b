import { type BootedApp, bootApp } from '../support/boot-app.js';
import { closeAfterEach } from '../support/close-after-each.js';
import { describeWith, POSTGRES_URL, postgresServer } from '../support/requirements.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-postgres.js';
import { StreamClient } from '../support/stream-client.js';
import { type UserEventData, UserState } from '../support/user-state.js';
import { createUser, deleteUser, listPage, renameUser, type UserPage } from '../support/users.js';
import { delay } from '../support/wait.js';

const WRITERS_PER_INSTANCE = 2;
// Few enough that every user fits in one page of 100: only one page is one snapshot.
const ROUNDS = 20;
const LOADS = 20;

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, index) => from + index);

/** Creates, renames and deletes users of its own, one request after another, and renames the one all writers share. */
async function write(url: string, name: string, sharedId: string): Promise<void> {
  for (let round = 0; round < ROUNDS; round += 1) {
    const user = await createUser(url, `${name}-${round}@example.com`, `${name} ${round}`);
    await renameUser(url, user.id, `${name} ${round} renamed`);
    await renameUser(url, sharedId, `shared by ${name} ${round}`);
    if (round % 3 === 0) await deleteUser(url, user.id);
  }
}

/** A first load: one page, then the stream from the page's position, as the dashboard does it. */
interface FirstLoad {
  readonly page: UserPage;
  readonly stream: StreamClient;
}

/**
 * While writers run against every instance, loads the page from one instance and streams from another; once
 * the writers stop, every load's page with its events applied must be exactly the final page.
 */
async function firstLoadsWhileWriting(urls: readonly string[], keep: <T extends StreamClient>(stream: T) => T): Promise<void> {
  const shared = await createUser(urls[0]!, 'shared@example.com', 'Shared');
  let writing = true;
  const writers = urls.flatMap((url, instance) => range(1, WRITERS_PER_INSTANCE).map((writer) => write(url, `i${instance}w${writer}`, shared.id)));
  const done = Promise.all(writers).finally(() => (writing = false));

  const loads: FirstLoad[] = [];
  for (let load = 0; writing && load < LOADS; load += 1) {
    const page = await listPage(urls[load % urls.length]!, '?limit=100');
    const stream = keep(StreamClient.open(urls[(load + 1) % urls.length]!, { lastEventIdHeader: String(page.position) }));
    loads.push({ page, stream });
    await delay(25); // pacing: the loads spread over the writers' run
  }
  await done;

  const final = await listPage(urls[0]!, '?limit=100');
  expect(final.nextCursor).toBeNull();
  expect(new Set(loads.map(({ page }) => page.position)).size).toBeGreaterThan(2);
  for (const { page, stream } of loads) {
    expect(page.nextCursor).toBeNull();
    if (page.position < final.position) await stream.waitForId(final.position, 15_000);
    expect(stream.ids).toEqual(range(page.position + 1, final.position));
    const state = new UserState(page.items);
    for (const event of stream.events) state.apply(Number(event.id), event.type, JSON.parse(event.data) as UserEventData);
    expect(state.list()).toEqual(final.items);
  }
}

describe('a first load on the embedded database', () => {
  const keep = closeAfterEach();
  let booted: BootedApp;

  beforeAll(async () => {
    booted = await bootApp();
  });

  afterAll(async () => {
    await booted?.close();
  });

  it('answers a position from which the stream completes the page exactly, while writers are busy', async () => {
    await firstLoadsWhileWriting([booted.url], keep);
  });
});

describeWith([postgresServer], 'a first load on PostgreSQL', () => {
  const keep = closeAfterEach();
  let scratch: ScratchDatabase;
  const instances: BootedApp[] = [];

  beforeEach(async () => {
    scratch = await createScratchDatabase(POSTGRES_URL as string);
  });

  afterEach(async () => {
    for (const instance of instances.splice(0)) await instance.close();
    await scratch.drop();
  });

  const boot = async (count: number): Promise<string[]> => {
    for (let index = 0; index < count; index += 1) instances.push(await bootApp({ DATABASE_URL: scratch.url }));
    return instances.map(({ url }) => url);
  };

  it('answers a position from which the stream completes the page exactly, while writers are busy', async () => {
    await firstLoadsWhileWriting(await boot(1), keep);
  });

  it('does so with two instances writing at once, the page from one and the stream from the other', async () => {
    await firstLoadsWhileWriting(await boot(2), keep);
  });
});
