import { rmSync } from 'node:fs';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { freshDataDir } from '../support/data-dir.js';
import { readLog } from '../support/event-log.js';
import { RawStream } from '../support/raw-stream.js';
import { eventBlocks, field } from '../support/sse.js';
import { createUser, deleteUser, listAllUsers, renameUser } from '../support/users.js';

const ERASED = 'erin@example.com';
const KEPT = 'kim@example.com';

/** Every event a fresh GET /events with Last-Event-ID: 0 replays, as [id, type, data], and the whole body it came in. */
async function replayFromStart(url: string, count: number) {
  const stream = RawStream.open(url, '/events', { headers: { 'Last-Event-ID': '0' } });
  try {
    const blocks = eventBlocks(await stream.waitForMessages((messages) => eventBlocks(messages).length >= count, `${count} events replayed`));
    const events = blocks.map((block) => [field(block, 'id'), field(block, 'event'), JSON.parse(field(block, 'data') ?? 'null') as unknown]);
    return { events, body: stream.body };
  } finally {
    stream.destroy();
  }
}

describe('erasure: a deleted user', () => {
  let dataDir: string;
  let booted: BootedApp | undefined;
  let erin: { readonly id: string };
  let kim: { readonly id: string };

  beforeAll(async () => {
    dataDir = await freshDataDir();
    booted = await bootApp({ DATA_DIR: dataDir });
    erin = await createUser(booted.url, ERASED, 'Erin');
    kim = await createUser(booted.url, KEPT, 'Kim');
    await renameUser(booted.url, erin.id, 'Erin Gone');
    await deleteUser(booted.url, erin.id);
  });

  afterAll(async () => {
    await booted?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const expectedReplay = () => [
    ['1', 'user.created', { id: erin.id, name: 'Erin', occurredAt: expect.any(String) }],
    ['2', 'user.created', { id: kim.id, email: KEPT, name: 'Kim', occurredAt: expect.any(String) }],
    ['3', 'user.renamed', { id: erin.id, name: 'Erin Gone', previousName: 'Erin', occurredAt: expect.any(String) }],
    ['4', 'user.deleted', { id: erin.id, occurredAt: expect.any(String) }],
  ];

  it('is gone from the log: its events keep their ids, types and other fields, and lose the email', async () => {
    const log = await readLog(booted!.app);
    expect(log.map(({ position, type, aggregateId, payload }) => [position, type, aggregateId, payload])).toEqual([
      [1, 'user.created', erin.id, { name: 'Erin' }],
      [2, 'user.created', kim.id, { email: KEPT, name: 'Kim' }],
      [3, 'user.renamed', erin.id, { name: 'Erin Gone', previousName: 'Erin' }],
      [4, 'user.deleted', erin.id, {}],
    ]);
    expect((await listAllUsers(booted!.url)).map((user) => user.email)).toEqual([KEPT]);
  });

  it('replays from Last-Event-ID: 0 with no email of its anywhere', async () => {
    const { events, body } = await replayFromStart(booted!.url, 4);
    expect(events).toEqual(expectedReplay());
    expect(body).not.toContain(ERASED);
  });

  it('replays with no email of its after a restart, from the log alone', async () => {
    await booted?.close();
    booted = undefined;
    booted = await bootApp({ DATA_DIR: dataDir });

    const { events, body } = await replayFromStart(booted.url, 4);
    expect(events).toEqual(expectedReplay());
    expect(body).not.toContain(ERASED);
  });
});
