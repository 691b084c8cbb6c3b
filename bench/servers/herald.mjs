// herald: the real service, from dist/ (npm run build), booted in-process with createApp() as main.ts
// does, on the store the runner chose (DATA_DIR for PGlite, DATABASE_URL for a scratch PostgreSQL
// database) and with the stream writer it chose (SSE_WRITER). Events go the way a command handler sends
// them: appended to the event log in a transaction (the fixed-rate ones through the users' unit of work,
// the same group commit as POST /users), with the broker's NOTIFY when EVENT_BROKER=postgres, then
// EventBus.publishAll() after commit. The writes scenario uses the real POST /users instead.
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { EventBus } from '@nestjs/cqrs';
import { sql } from 'drizzle-orm';
import { createApp } from '../../dist/app.js';
import { Database } from '../../dist/shared/infrastructure/database/database.js';
import { DrizzleEventLog } from '../../dist/shared/infrastructure/database/drizzle-event-log.js';
import { EventLog } from '../../dist/shared/application/event-log.js';
import { StreamConnections } from '../../dist/events/application/stream-connections.js';
import { UsersUnitOfWork } from '../../dist/users/application/ports/users-unit-of-work.js';
import { UserCreated } from '../../dist/users/domain/user.events.js';
import { HERALD_BENCH_SETTINGS } from '../lib/herald-settings.mjs';
import { AGGREGATE_ID, heraldPayload, nowMicros } from '../lib/payload.mjs';

export async function start({ dataDir, databaseUrl, env = {} }) {
  delete process.env.DATABASE_URL;
  delete process.env.REDIS_URL;
  delete process.env.PORT;
  if (databaseUrl) process.env.DATABASE_URL = databaseUrl;
  else process.env.DATA_DIR = dataDir;
  Object.assign(process.env, HERALD_BENCH_SETTINGS, env);

  const app = await createApp();
  app.useLogger(['error', 'warn']);
  await app.listen(0, '127.0.0.1');
  const httpServer = app.getHttpServer();
  const database = app.get(Database);
  const eventBus = app.get(EventBus);
  const log = app.get(EventLog);
  const connections = app.get(StreamConnections);
  const unitOfWork = app.get(UsersUnitOfWork);

  // The replay scenario's fill: 500 events a transaction, far more than a group commit batches.
  const announcer = await commitAnnouncer(app);
  const append = (events) =>
    database.db.transaction(async (tx) => {
      const recorded = await new DrizzleEventLog(tx).append(events);
      for (const { channel, payload } of announcer?.announce(recorded) ?? []) await tx.execute(sql`SELECT pg_notify(${channel}, ${payload})`);
      return recorded;
    });
  const event = (t) => new UserCreated(AGGREGATE_ID, new Date(), heraldPayload(t));

  return {
    httpServer,
    port: httpServer.address().port,
    streams: () => connections.count,
    /** The fan-out's events: one transaction each, appended directly (as every earlier run measured them). */
    async publish(_seq, t) {
      const recorded = await append([event(t)]);
      eventBus.publishAll(recorded);
    },
    /** The fixed-rate events: through the users' unit of work, the group commit that POST /users goes through. */
    async publishAsCommand(_seq, t) {
      const events = [event(t)];
      const recorded = await unitOfWork.run(({ eventLog }) => eventLog.append(events));
      eventBus.publishAll(recorded);
    },
    /** Appends count events in batches (and publishes them), for the replay scenario; returns the head. */
    async fill(count) {
      const BATCH = 500;
      for (let done = 0; done < count; done += BATCH) {
        const events = Array.from({ length: Math.min(BATCH, count - done) }, () => event(nowMicros()));
        eventBus.publishAll(await append(events));
      }
      return { head: await log.head() };
    },
    close: () => app.close(),
  };
}

/** The app's CommitAnnouncer (what the units of work send with each commit), on a build that has one. */
async function commitAnnouncer(app) {
  const url = new URL('../../dist/shared/application/commit-announcer.js', import.meta.url);
  if (!existsSync(url)) return null;
  const { CommitAnnouncer } = await import(url.href);
  return app.get(CommitAnnouncer, { strict: false });
}
