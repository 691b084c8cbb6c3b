import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { BootedApp } from '../support/boot-app.js';
import { deploymentIdOf, expectDroppedWhileAlive, healthOf, Instances, latencies } from '../support/broker-probes.js';
import { describeWith, POSTGRES_URL, postgresServer } from '../support/requirements.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-postgres.js';
import { buildService, type ServiceBuild, type ServiceProcess, startService } from '../support/service-process.js';
import { StreamClient } from '../support/stream-client.js';
import { createUser } from '../support/users.js';
import { delay, waitUntil } from '../support/wait.js';

// Under OrderedEventFeed's one-second log poll by far: an event this fast came through NOTIFY (as redis-broker's THROUGH_REDIS_MS).
const THROUGH_NOTIFY_MS = 500;
// The listener's connection as pg_stat_activity shows it (PostgresEventBroker's LISTENER_APPLICATION_NAME).
const LISTENER = 'herald-listener';

const brokersUp = (...urls: string[]): Promise<number> =>
  waitUntil(async () => (await Promise.all(urls.map(healthOf))).every(({ status }) => status === 200), 'every instance reports the broker up', 10_000, 20);

/** Every id from `from` to `to`, once each and in order: no loss, no duplicate, no reordering. */
const oneToN = (to: number, from = 1): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index);

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * Runs `use` with every listener on the database killed and the database refusing new connections, so that none
 * can come back before `use` ends; the pools' open connections carry on. Resolves with how many were killed.
 */
async function withListenersCut(databaseUrl: string, use: () => Promise<void>): Promise<number> {
  const name = new URL(databaseUrl).pathname.slice(1);
  return withClient(POSTGRES_URL as string, async (admin) => {
    const allowConnections = (allow: boolean) => admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS ${allow}`);
    try {
      await allowConnections(false);
      const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = $2', [LISTENER, name]);
      await use();
      return killed.rowCount ?? 0;
    } finally {
      await allowConnections(true);
    }
  });
}

const channelOf = (deployment: string): string => `herald_events_${deployment.replaceAll('-', '')}`;

describeWith([postgresServer], 'instances fanning out through PostgreSQL NOTIFY (DATABASE_URL, no REDIS_URL)', () => {
  let scratch: ScratchDatabase;
  const instances = new Instances();
  const boot = (): Promise<BootedApp> => instances.boot({ DATABASE_URL: scratch.url });
  const stream = (url: string): Promise<StreamClient> => instances.stream(url);

  beforeEach(async () => {
    scratch = await createScratchDatabase(POSTGRES_URL as string);
  });

  afterEach(async () => {
    await instances.closeAll();
    await scratch.drop();
  });

  it('an event written on one instance reaches a stream on the other well under the log poll, both ways', async () => {
    const [first, second] = [await boot(), await boot()];
    await brokersUp(first.url, second.url);
    const [onFirst, onSecond] = [await stream(first.url), await stream(second.url)];

    await latencies(first.url, onSecond, 1); // the first write of an instance also opens connections and warms its code: not the broker's time
    expect(Math.max(...(await latencies(first.url, onSecond, 10)))).toBeLessThan(THROUGH_NOTIFY_MS);
    expect(Math.max(...(await latencies(second.url, onFirst, 10)))).toBeLessThan(THROUGH_NOTIFY_MS);
  });

  it('while both instances write at once, every stream gets every event once, in log order', async () => {
    const [first, second] = [await boot(), await boot()];
    await brokersUp(first.url, second.url);
    const [onFirst, onSecond] = [await stream(first.url), await stream(second.url)];

    const PER_INSTANCE = 60;
    const writes = (url: string, tag: string) =>
      Promise.all(Array.from({ length: PER_INSTANCE }, (_, index) => createUser(url, `${tag}-${index}@example.com`, `${tag} ${index}`)));
    await Promise.all([writes(first.url, 'first'), writes(second.url, 'second')]);
    await Promise.all([onFirst.waitForId(2 * PER_INSTANCE), onSecond.waitForId(2 * PER_INSTANCE)]);
    await delay(300); // room for a duplicate to show

    expect(onFirst.ids).toEqual(oneToN(2 * PER_INSTANCE));
    expect(onSecond.ids).toEqual(oneToN(2 * PER_INSTANCE));
    expect(onSecond.events.map(({ data }) => data)).toEqual(onFirst.events.map(({ data }) => data));
  });

  it('a listener whose connection is killed listens again; meanwhile /health names the broker and the events come from the log', async () => {
    const [writer, reader] = [await boot(), await boot()];
    await brokersUp(writer.url, reader.url);
    const live = await stream(reader.url);
    await createUser(writer.url, 'before@example.com', 'Before');
    await live.waitForId(1);

    const killed = await withListenersCut(scratch.url, async () => {
      await waitUntil(async () => (await healthOf(reader.url)).status === 503, 'the broker is reported down', 5000, 20);
      expect((await healthOf(reader.url)).body).toContain('broker');
      expect((await fetch(`${reader.url}/health/ready`)).status).toBe(200);

      for (let i = 0; i < 5; i++) await createUser(writer.url, `during-${i}@example.com`, 'During');
      await live.waitForId(6, 5000); // through the log poll: nobody notified the reader
    });
    expect(killed).toBe(2);
    await brokersUp(writer.url, reader.url);

    expect(Math.max(...(await latencies(writer.url, live, 5)))).toBeLessThan(THROUGH_NOTIFY_MS);
    await delay(300);
    expect(live.ids).toEqual(oneToN(11));
  });
});

describeWith([postgresServer], 'the service on PostgreSQL alone, as a process', () => {
  let build: ServiceBuild;
  let scratch: ScratchDatabase;
  let service: ServiceProcess | undefined;
  let live: StreamClient | undefined;

  beforeAll(async () => {
    build = await buildService();
    scratch = await createScratchDatabase(POSTGRES_URL as string);
  });

  afterAll(async () => {
    live?.close();
    service?.kill();
    await scratch?.drop();
    build?.remove();
  });

  it('drops and counts hostile notifications by reason; the process stays up, streams none of them, and streams the next real event', async () => {
    service = await startService(build, { DATABASE_URL: scratch.url });
    await createUser(service.url, 'first@example.com', 'First');
    live = StreamClient.open(service.url, { lastEventIdHeader: '1' });
    await live.waitOpen();
    const deployment = await deploymentIdOf(scratch.url);
    // At the position the stream waits for next: anything that got through would be streamed at once.
    const event = { position: 2, type: 'user.created', aggregateId: randomUUID(), occurredAt: '2026-12-01T10:00:00.000Z', payload: { email: 'forged@example.com', name: 'Forged' } };
    const notice = (fields: Record<string, unknown>, events: unknown = [event]) => JSON.stringify({ deployment, origin: randomUUID(), events, ...fields });
    const hostile: (readonly [reason: string, payload: string])[] = [
      ['other-deployment', notice({ deployment: randomUUID() })],
      ['other-deployment', notice({ deployment: undefined })],
      ['not-json', '{"events":'],
      ['not-json', ''],
      ['shape', 'null'],
      ['shape', notice({ role: 'admin' })],
      ['shape', notice({}, [])],
      ['shape', notice({}, [{ ...event, role: 'admin' }])],
      ['type', notice({}, [{ ...event, type: 'user.created\r\nevent: user.deleted' }])],
      ['position', notice({}, [{ ...event, position: '2' }])],
      ['aggregate-id', notice({}, [{ ...event, aggregateId: 'not-a-uuid' }])],
      ['occurred-at', notice({}, [{ ...event, occurredAt: 'yesterday' }])],
      ['payload', notice({}, [{ ...event, payload: { name: 'Forged' } }])],
    ];
    await withClient(scratch.url, async (client) => {
      for (const [, payload] of hostile) await client.query('SELECT pg_notify($1, $2)', [channelOf(deployment), payload]);
    });
    await expectDroppedWhileAlive(service, live, hostile.map(([reason]) => reason));
  }, 60_000);

  it('logs a listener outage in one line when it starts and one when it ends, however many writes come between', async () => {
    const outageScratch = await createScratchDatabase(POSTGRES_URL as string);
    const outaged = await startService(build, { DATABASE_URL: outageScratch.url });
    try {
      // Lines are written in batches: each count below waits until the writes' own lines are out.
      const auditLines = () => outaged.output().split('\n').filter((line) => line.includes('"context":"Audit"')).length;
      await createUser(outaged.url, 'before@example.com', 'Before');
      await waitUntil(() => auditLines() >= 1, 'the lines of the write before', 10_000, 20);
      const before = outaged.output().length;
      // Every line but those each request writes by design: its own line and the audit trail's.
      const perRequest = /"context":"Audit"|"msg":"request (completed|failed|aborted)"/;
      const linesSince = (offset: number) => outaged.output().slice(offset).split('\n').filter((line) => line !== '' && !perRequest.test(line));
      let writes = 0;
      await withListenersCut(outageScratch.url, async () => {
        for (const until = Date.now() + 3000; Date.now() < until; writes++) {
          await createUser(outaged.url, `during-${writes}@example.com`, 'During');
          await delay(20);
        }
      });
      await waitUntil(() => auditLines() >= writes + 1, 'the lines of the writes during the outage', 10_000, 20);
      const duringOutage = linesSince(before);
      expect(writes).toBeGreaterThan(20);
      expect({ writes, lines: duringOutage.length }).toEqual({ writes, lines: 1 });
      expect(duringOutage[0]).toMatch(/PostgreSQL listener does not answer/);

      // Not by polling /health: every failed health check is a line of its own (Terminus logs it).
      await waitUntil(() => linesSince(before).length > duringOutage.length, 'the service logs the recovery', 10_000, 50);
      await delay(200);
      const afterOutage = linesSince(before);
      expect(afterOutage).toHaveLength(2);
      expect(afterOutage[1]).toMatch(/PostgreSQL listener answers again/);
      expect((await fetch(`${outaged.url}/health`)).status).toBe(200);
    } finally {
      outaged.kill();
      await outageScratch.drop();
    }
  }, 60_000);
});
