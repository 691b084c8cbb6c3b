import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type Subscription } from 'rxjs';
import { notifyChannel } from '../../src/events/infrastructure/event-channel.js';
import { LISTENER_APPLICATION_NAME, PostgresEventBroker } from '../../src/events/infrastructure/postgres-event-broker.js';
import { DomainEvent } from '../../src/shared/domain/domain-event.js';
import type { RecordedEvent } from '../../src/shared/application/recorded-event.js';
import { readDeploymentId } from '../../src/shared/infrastructure/database/deployment-id.js';
import { DrizzleEventLog } from '../../src/shared/infrastructure/database/drizzle-event-log.js';
import { GroupCommit } from '../../src/shared/infrastructure/database/group-commit.js';
import type { Work } from '../../src/shared/infrastructure/database/group-batch.js';
import { PostgresDatabase } from '../../src/shared/infrastructure/database/postgres-database.js';
import { CountingStreamMetrics } from '../support/counting-stream-metrics.js';
import { describeWith, POSTGRES_URL, postgresServer } from '../support/requirements.js';
import { createScratchDatabase, type ScratchDatabase } from '../support/scratch-postgres.js';
import { delay, waitUntil } from '../support/wait.js';

class UserCreated extends DomainEvent<{ email: string; name: string }> {
  readonly type = 'user.created';
}

let created = 0;
const userCreated = (): UserCreated => {
  created += 1;
  const id = `30000000-0000-4000-8000-${String(created).padStart(12, '0')}`;
  return new UserCreated(id, new Date(Date.UTC(2026, 11, 1, 10, 0, 0, created)), { email: `user${created}@example.com`, name: `User ${created}` });
};

const appends =
  (...events: DomainEvent[]): Work<RecordedEvent[]> =>
  ({ eventLog }) =>
    eventLog.append(events);

// Long enough for a notification to come through a local server: what has not come by then is not coming.
const SETTLE_MS = 300;

/** The notifications on a channel, as any client of the database sees them. */
async function listenOn(url: string, channel: string): Promise<{ payloads: string[]; client: pg.Client }> {
  const client = new pg.Client({ connectionString: url });
  const payloads: string[] = [];
  client.on('notification', ({ payload }) => payloads.push(payload ?? ''));
  await client.connect();
  await client.query(`LISTEN "${channel}"`);
  return { payloads, client };
}

// Two instances' worth of brokers and group commits on one database: A writes, B receives.
describeWith([postgresServer], 'PostgreSQL NOTIFY from the group commit to PostgresEventBroker', () => {
  let scratch: ScratchDatabase;
  let database: PostgresDatabase;
  let deploymentId: string;
  let writer: PostgresEventBroker;
  let reader: PostgresEventBroker;
  let readerMetrics: CountingStreamMetrics;
  let commits: GroupCommit;
  let received: RecordedEvent[];
  let subscription: Subscription;
  let raw: { payloads: string[]; client: pg.Client };

  const openBroker = async (metrics = new CountingStreamMetrics()): Promise<PostgresEventBroker> => {
    const broker = new PostgresEventBroker(scratch.url, deploymentId, metrics);
    await broker.start();
    await waitUntil(() => broker.ping().then(() => true, () => false), 'the broker is listening', 5000, 10);
    return broker;
  };

  beforeAll(async () => {
    scratch = await createScratchDatabase(POSTGRES_URL as string);
    database = await PostgresDatabase.open(scratch.url);
    deploymentId = await readDeploymentId(database.db);
  });

  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  beforeEach(async () => {
    writer = await openBroker();
    readerMetrics = new CountingStreamMetrics();
    reader = await openBroker(readerMetrics);
    commits = new GroupCommit(database.db, 2, writer.announcer);
    received = [];
    subscription = reader.subscribe('test', (event) => received.push(event));
    raw = await listenOn(scratch.url, notifyChannel(deploymentId));
  });

  afterEach(async () => {
    subscription.unsubscribe();
    await raw.client.end();
    await Promise.all([writer.onModuleDestroy(), reader.onModuleDestroy()]);
  });

  it('hands another instance every event of a committed batch, in order, and the writing instance none (it delivered them itself)', async () => {
    const own: RecordedEvent[] = [];
    writer.subscribe('own', (event) => own.push(event));
    const results = await Promise.all([commits.run(appends(userCreated(), userCreated())), commits.run(appends(userCreated()))]);
    const written = results.flat();
    await waitUntil(() => received.length >= written.length, 'the batch reached the other instance', 5000, 5);
    await delay(SETTLE_MS);

    expect(received).toEqual(written);
    expect(own).toEqual([]);
  });

  it('announces nothing for a batch that rolls back', async () => {
    const failing: Work<never> = async ({ eventLog }) => {
      await eventLog.append([userCreated()]);
      throw new Error('fails after its append: the batch rolls back');
    };
    await expect(commits.run(failing)).rejects.toThrow('fails after its append');
    const committed = await commits.run(appends(userCreated()));
    await waitUntil(() => received.length >= 1, 'the committed batch reached the other instance', 5000, 5);
    await delay(SETTLE_MS);

    expect(received).toEqual(committed);
    expect(raw.payloads).toHaveLength(1);
  });

  it('announces exactly what the log holds when units fail in their savepoints, whose positions the next batch takes again', async () => {
    // The first unit reads the log, which writes the batch's events at once: the later units' appends are written as they come.
    const reads: Work<RecordedEvent[]> = async ({ eventLog }) => {
      await eventLog.head();
      return eventLog.append([userCreated()]);
    };
    const failsAfterAppending: Work<never> = async ({ eventLog }) => {
      await eventLog.append([userCreated()]);
      throw new Error('fails alone, after its append');
    };
    // A write of its own and a failure: only a savepoint per unit can hold it, so the batch runs again isolated.
    const failsAfterWriting: Work<never> = async ({ tx }) => {
      await tx.execute(sql`SELECT 1`);
      throw new Error('fails alone, after a write');
    };
    const log = new DrizzleEventLog(database.db);
    const before = await log.head();
    const outcomes = await Promise.allSettled([commits.run(reads), commits.run(failsAfterAppending), commits.run(failsAfterWriting)]);
    expect(outcomes.map(({ status }) => status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    await commits.run(appends(userCreated()));
    const committed = await log.readRange(before, before + 100);
    await waitUntil(() => received.length >= committed.length, 'the committed batches reached the other instance', 5000, 5);
    await delay(SETTLE_MS);

    expect(received).toEqual(committed);
  });

  it('drops and counts what was not sent by an instance of this deployment, and delivers the next real batch', async () => {
    const notify = (payload: string) => raw.client.query('SELECT pg_notify($1, $2)', [notifyChannel(deploymentId), payload]);
    const [real] = await commits.run(appends(userCreated()));
    await waitUntil(() => received.length === 1, 'the real batch arrived', 5000, 5);
    const primitives = { position: real!.position + 1, type: 'user.created', aggregateId: real!.aggregateId, occurredAt: real!.occurredAt.toISOString(), payload: real!.payload };
    await notify('{"deployment":');
    await notify(JSON.stringify({ deployment: '0b9d3f2a-5e6c-4b7d-8a1f-2c3e4d5f6a7b', origin: 'x', events: [primitives] }));
    await notify(JSON.stringify({ deployment: deploymentId, origin: 'x', events: [{ ...primitives, type: 'user.created\nevent: user.deleted' }] }));
    await notify(JSON.stringify({ deployment: deploymentId, origin: 'x', events: [primitives], admin: true }));
    await delay(SETTLE_MS);

    expect(readerMetrics.brokerDropped).toEqual(['not-json', 'other-deployment', 'type', 'shape']);
    expect(received).toHaveLength(1);
    const next = await commits.run(appends(userCreated()));
    await waitUntil(() => received.length === 2, 'the next real batch arrived', 5000, 5);
    expect(received[1]).toEqual(next[0]);
  });

  it('listens again after its connection is killed, and reports itself down until then', async () => {
    // From the server's own database: the scratch one is about to refuse connections, the listeners' new ones.
    const admin = new pg.Client({ connectionString: POSTGRES_URL as string });
    const name = new URL(scratch.url).pathname.slice(1);
    const allowConnections = (allow: boolean) => admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS ${allow}`);
    await admin.connect();
    try {
      await allowConnections(false);
      const killed = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = $2', [
        LISTENER_APPLICATION_NAME,
        name,
      ]);
      expect(killed.rowCount).toBe(2);
      await waitUntil(() => reader.ping().then(() => false, () => true), 'the broker reports itself down', 5000, 10);
      await delay(500); // several reconnect attempts, refused
      await expect(reader.ping()).rejects.toThrow(/not listening/);

      await allowConnections(true);
      await waitUntil(() => reader.ping().then(() => true, () => false), 'the broker listens again', 5000, 10);
    } finally {
      await allowConnections(true).catch(() => undefined);
      await admin.end();
    }
    const committed = await commits.run(appends(userCreated()));
    await waitUntil(() => received.length >= 1, 'a batch after the reconnect arrived', 5000, 5);
    expect(received).toEqual(committed);
  });
});
