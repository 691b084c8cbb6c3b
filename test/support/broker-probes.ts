import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type BootedApp, bootApp, type Settings } from './boot-app.js';
import { readMetrics } from './metrics.js';
import type { ServiceProcess } from './service-process.js';
import { StreamClient, type StreamOptions } from './stream-client.js';
import { createUser } from './users.js';
import { delay, waitUntil } from './wait.js';

/** Writes one user at a time on `writer` and returns how long each took to reach `stream`, from the write's start. */
export async function latencies(writer: string, stream: StreamClient, count: number): Promise<number[]> {
  const measured: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = Date.now();
    const { id } = await createUser(writer, `probe-${randomUUID()}@example.com`, 'Probe');
    const arrival = () => stream.events.find((event) => (JSON.parse(event.data) as { id?: string }).id === id);
    await waitUntil(() => arrival() !== undefined, `user ${id} reached the stream`, 5000, 2);
    measured.push(arrival()!.at - started);
  }
  return measured;
}

export const healthOf = async (url: string): Promise<{ status: number; body: string }> => {
  const response = await fetch(`${url}/health`);
  return { status: response.status, body: await response.text() };
};

/** The identity the migrations stored in this database, which every broker message is stamped with. */
export async function deploymentIdOf(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM deployment WHERE slot = 1');
    return rows[0]!.id;
  } finally {
    await client.end();
  }
}

const droppedBy = async (url: string): Promise<Record<string, number>> =>
  Object.fromEntries(
    [...(await readMetrics(url))].flatMap(([series, value]) => {
      const reason = /^herald_broker_messages_dropped_total\{reason="([^"]+)"\}$/.exec(series)?.[1];
      return reason ? [[reason, value]] : [];
    }),
  );

/**
 * Once hostile messages with these drop reasons are on the broker's channel, all at position 2: each is counted
 * under its reason, the process stays up, `live` (waiting after event 1) streams none of them, and then streams
 * the next real event at that position.
 */
export async function expectDroppedWhileAlive(service: ServiceProcess, live: StreamClient, reasons: readonly string[]): Promise<void> {
  const expected: Record<string, number> = {};
  for (const reason of reasons) expected[reason] = (expected[reason] ?? 0) + 1;
  await waitUntil(
    async () => service.child.exitCode !== null || JSON.stringify(await droppedBy(service.url)) === JSON.stringify(expected),
    'every hostile message is counted',
    5000,
    50,
  ).catch(() => undefined);
  await delay(1500); // past an RxJS rethrow on a timer, and past the feed's one-second log poll

  const { exitCode, signalCode } = service.child;
  const lastWords = exitCode === null && signalCode === null ? '' : service.output().slice(-2000);
  expect({ exitCode, signalCode, lastWords }).toEqual({ exitCode: null, signalCode: null, lastWords: '' });
  expect((await fetch(`${service.url}/health`)).status).toBe(200);
  expect(live.events).toEqual([]);
  expect(await droppedBy(service.url)).toEqual(expected);
  expect(service.output()).toMatch(/dropped 1 message/);

  const real = await createUser(service.url, 'real@example.com', 'Real');
  await live.waitForId(2);
  await delay(100);
  expect(live.events.map(({ type, id, data }) => ({ type, id, data: JSON.parse(data) as unknown }))).toEqual([
    { type: 'user.created', id: '2', data: expect.objectContaining({ id: real.id, name: 'Real', email: 'real@example.com' }) },
  ]);
}

/** The instances and streams a test opens, all closed by closeAll() (in afterEach). */
export class Instances {
  private readonly running: BootedApp[] = [];
  private readonly streams: StreamClient[] = [];

  async boot(settings: Settings): Promise<BootedApp> {
    const booted = await bootApp(settings);
    this.running.push(booted);
    return booted;
  }

  /** A stream on the instance at url, once it is open. */
  async stream(url: string, options: StreamOptions = {}): Promise<StreamClient> {
    const client = StreamClient.open(url, options);
    this.streams.push(client);
    await client.waitOpen();
    return client;
  }

  async closeAll(): Promise<void> {
    for (const client of this.streams.splice(0)) client.close();
    await Promise.all(this.running.splice(0).map((booted) => booted.close()));
  }
}
