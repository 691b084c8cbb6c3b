import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { EventLog } from '../../src/shared/application/event-log.js';
import type { Database, Drizzle } from '../../src/shared/infrastructure/database/database.js';
import { DrizzleEventLog } from '../../src/shared/infrastructure/database/drizzle-event-log.js';
import { PgliteDatabase } from '../../src/shared/infrastructure/database/pglite-database.js';
import { PostgresDatabase } from '../../src/shared/infrastructure/database/postgres-database.js';
import type { UserRepository } from '../../src/users/application/ports/user.repository.js';
import type { UsersSnapshot } from '../../src/users/application/ports/users-snapshot.js';
import type { UsersUnitOfWork } from '../../src/users/application/ports/users-unit-of-work.js';
import { DrizzleUserRepository } from '../../src/users/infrastructure/drizzle-user.repository.js';
import { DrizzleUsersSnapshot } from '../../src/users/infrastructure/drizzle-users-snapshot.js';
import { DrizzleUsersUnitOfWork } from '../../src/users/infrastructure/drizzle-users-unit-of-work.js';
import { inMemoryUsers } from './in-memory-users.js';
import { describeWith, POSTGRES_URL, postgresServer, type Requirement } from './requirements.js';
import { createScratchDatabase } from './scratch-postgres.js';

/** The users ports wired onto one store, as a contract suite sees them. */
export interface Adapters {
  readonly users: UserRepository;
  readonly unitOfWork: UsersUnitOfWork;
  readonly eventLog: EventLog;
  readonly snapshot: UsersSnapshot;
  /** Empties the store: much cheaper than opening another, so suites open once per file and clear per test. */
  clear(): Promise<void>;
  close(): Promise<void>;
}

/** SQL adapters also lend their Drizzle handle, for rows written past the adapters. */
export interface SqlAdapters extends Adapters {
  /** The database itself, for a unit of work wired differently (its transactions counted, say). */
  readonly database: Database;
  readonly db: Drizzle;
  /** A unit of work of its own on the same database, as a second instance of the service has. */
  anotherInstancesUnitOfWork(): UsersUnitOfWork;
}

export interface AdapterFixture<A extends Adapters = Adapters> {
  readonly name: string;
  /** What must be there for this store to run; nothing for the in-process ones. */
  readonly requires?: Requirement;
  open(): Promise<A>;
}

const inMemory: AdapterFixture = {
  name: 'in-memory',
  async open() {
    let current = inMemoryUsers();
    return {
      get users() {
        return current.users;
      },
      get unitOfWork() {
        return current.unitOfWork;
      },
      get eventLog() {
        return current.eventLog;
      },
      get snapshot() {
        return current.snapshot;
      },
      clear: async () => {
        current = inMemoryUsers();
      },
      close: async () => undefined,
    };
  },
};

function wireSql(database: Database, close: () => Promise<void>): SqlAdapters {
  return {
    users: new DrizzleUserRepository(database.db),
    unitOfWork: new DrizzleUsersUnitOfWork(database),
    eventLog: new DrizzleEventLog(database.db),
    snapshot: new DrizzleUsersSnapshot(database.db),
    database,
    db: database.db,
    anotherInstancesUnitOfWork: () => new DrizzleUsersUnitOfWork(database),
    clear: async () => {
      await database.db.execute(sql`TRUNCATE users, event_log`);
      await database.db.execute(sql`UPDATE event_log_head SET position = 0`);
    },
    close,
  };
}

const pglite: AdapterFixture<SqlAdapters> = {
  name: 'pglite',
  async open() {
    const database = await PgliteDatabase.open(null);
    return wireSql(database, () => database.close());
  },
};

/**
 * pg-pool's end() resolves before its sockets have closed; dropping the database then would kill them and the
 * pool would log each as a lost connection. Waits (up to a second) until the server has seen them go.
 */
async function whenDisconnected(serverUrl: string, databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      const { rows } = await client.query<{ open: number }>(
        'SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = $1',
        [name],
      );
      if (rows[0]?.open === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    await client.end();
  }
}

// A scratch database per open, so that parallel test files never share rows.
const postgres: AdapterFixture<SqlAdapters> = {
  name: 'postgres',
  requires: postgresServer,
  async open() {
    const serverUrl = POSTGRES_URL as string;
    const scratch = await createScratchDatabase(serverUrl);
    const database = await PostgresDatabase.open(scratch.url).catch(async (error: unknown) => {
      await scratch.drop();
      throw error;
    });
    return wireSql(database, async () => {
      await database.close();
      await whenDisconnected(serverUrl, scratch.url);
      await scratch.drop();
    });
  },
};

/** PGlite, and PostgreSQL when DATABASE_URL names a server (always in CI; reported as skipped elsewhere). */
export const sqlAdapterFixtures: readonly AdapterFixture<SqlAdapters>[] = [pglite, postgres];

export const adapterFixtures: readonly AdapterFixture[] = [inMemory, ...sqlAdapterFixtures];

/** describe.each over fixtures, with the ones that cannot run here reported as skipped; "$name" names the store. */
export function describeEachAdapter<A extends Adapters>(
  fixtures: readonly AdapterFixture<A>[],
  name: string,
  suite: (fixture: AdapterFixture<A>) => void,
): void {
  for (const fixture of fixtures) {
    describeWith(fixture.requires ? [fixture.requires] : [], name.replace('$name', fixture.name), () => suite(fixture));
  }
}

/** Opens the fixture before the enclosing describe's first test, clears it before each test, closes it after the last. */
export function useAdapters<A extends Adapters>(fixture: AdapterFixture<A>): () => A {
  let adapters: A | null = null;
  beforeAll(async () => {
    adapters = await fixture.open();
  });
  beforeEach(async () => {
    await adapters?.clear();
  });
  afterAll(async () => {
    await adapters?.close();
  });
  return () => {
    if (adapters === null) throw new Error(`the ${fixture.name} adapters are not open`);
    return adapters;
  };
}
