// What one batch with a refused command costs on PostgreSQL: 31 creates and a delete of a missing id (REFUSED=0: a 32nd
// create instead), handed to the unit of work in one turn of the event loop.
// Run: DATABASE_URL=postgres://… [ROUNDS=30] [REFUSED=0] npx tsx test/support/measure-group-commit.ts
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { PostgresDatabase } from '../../src/shared/infrastructure/database/postgres-database.js';
import type { UsersTransaction } from '../../src/users/application/ports/users-unit-of-work.js';
import { Email } from '../../src/users/domain/email.js';
import { UserName } from '../../src/users/domain/user-name.js';
import { UserNotFound } from '../../src/users/domain/user.errors.js';
import { User } from '../../src/users/domain/user.js';
import { DrizzleUsersUnitOfWork } from '../../src/users/infrastructure/drizzle-users-unit-of-work.js';
import { countingTransactions } from './counting-database.js';
import { POSTGRES_URL } from './requirements.js';
import { createScratchDatabase } from './scratch-postgres.js';

const ROUNDS = Number(process.env.ROUNDS ?? 30);
const REFUSED = process.env.REFUSED !== '0';
const WARM_UP = 5;
const NOW = new Date('2026-11-24T19:00:00.000Z');

if (POSTGRES_URL === null) throw new Error('set DATABASE_URL to a PostgreSQL server where this user may create databases');
const scratch = await createScratchDatabase(POSTGRES_URL);
const database = await PostgresDatabase.open(scratch.url);
try {
  const counting = countingTransactions(database);
  const unitOfWork = new DrizzleUsersUnitOfWork(counting.database);
  let runs = 0;
  const run = (work: (tx: UsersTransaction) => Promise<unknown>) =>
    unitOfWork.run((tx) => {
      runs += 1;
      return work(tx);
    });
  const create = (n: number) => {
    const user = User.register(randomUUID(), Email.parse(`user${n}@example.com`), UserName.parse(`User ${n}`), NOW);
    const events = user.pullEvents();
    return run(async (tx) => {
      await tx.users.insert(user);
      return tx.eventLog.append(events);
    });
  };
  const deleteMissing = () =>
    run(async (tx) => {
      if (!(await tx.users.findById(randomUUID()))) throw new UserNotFound();
    });

  const samples: { ms: number; transactions: number; runs: number }[] = [];
  for (let round = 0; round < WARM_UP + ROUNDS; round++) {
    await database.db.execute(sql`TRUNCATE users`);
    const [transactionsBefore, runsBefore] = [counting.transactions(), runs];
    const started = performance.now();
    await Promise.allSettled([...Array.from({ length: 31 }, (_, n) => create(n)), REFUSED ? deleteMissing() : create(31)]);
    const ms = performance.now() - started;
    if (round >= WARM_UP) samples.push({ ms, transactions: counting.transactions() - transactionsBefore, runs: runs - runsBefore });
  }
  const times = samples.map(({ ms }) => ms).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? NaN;
  const mean = times.reduce((sum, ms) => sum + ms, 0) / times.length;
  console.log(
    JSON.stringify({
      batch: REFUSED ? '31 creates + 1 delete of a missing id' : '32 creates',
      rounds: ROUNDS,
      transactions: [...new Set(samples.map(({ transactions }) => transactions))],
      runsOfWork: [...new Set(samples.map((sample) => sample.runs))],
      medianMs: Number(median.toFixed(1)),
      meanMs: Number(mean.toFixed(1)),
      minMs: Number((times[0] ?? NaN).toFixed(1)),
    }),
  );
} finally {
  await database.close();
  await scratch.drop();
}
