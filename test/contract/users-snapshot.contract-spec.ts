import { sql } from 'drizzle-orm';
import { DrizzleEventLog } from '../../src/shared/infrastructure/database/drizzle-event-log.js';
import { CreateUserCommand } from '../../src/users/application/commands/create-user.command.js';
import { CreateUserHandler } from '../../src/users/application/commands/create-user.handler.js';
import { DeleteUserCommand } from '../../src/users/application/commands/delete-user.command.js';
import { DeleteUserHandler } from '../../src/users/application/commands/delete-user.handler.js';
import { RenameUserCommand } from '../../src/users/application/commands/rename-user.command.js';
import { RenameUserHandler } from '../../src/users/application/commands/rename-user.handler.js';
import type { UsersAtPosition } from '../../src/users/application/ports/users-snapshot.js';
import type { UsersUnitOfWork } from '../../src/users/application/ports/users-unit-of-work.js';
import { Email } from '../../src/users/domain/email.js';
import { UserName } from '../../src/users/domain/user-name.js';
import { User } from '../../src/users/domain/user.js';
import { DrizzleUserRepository } from '../../src/users/infrastructure/drizzle-user.repository.js';
import { adapterFixtures, describeEachAdapter, type SqlAdapters, sqlAdapterFixtures, useAdapters } from '../support/adapters.js';
import { FixedClock } from '../support/fixed-clock.js';
import { RecordingEventBus } from '../support/recording-event-bus.js';
import { asListed, asStreamed, UserState } from '../support/user-state.js';
import { waitUntil } from '../support/wait.js';

const NOW = new Date('2026-11-24T19:00:00.000Z');
const ANN = '00000000-0000-4000-8000-000000000001';
const BOB = '00000000-0000-4000-8000-000000000002';

const register = (id: string, email: string, name: string): User => User.register(id, Email.parse(email), UserName.parse(name), NOW);

/** The use cases on one unit of work, as one instance of the service runs them. */
function instance(unitOfWork: UsersUnitOfWork) {
  const bus = new RecordingEventBus().asEventBus();
  const clock = new FixedClock(NOW);
  return {
    create: (email: string, name: string) => new CreateUserHandler(unitOfWork, bus, clock).execute(new CreateUserCommand(email, name)),
    rename: (id: string, name: string) => new RenameUserHandler(unitOfWork, bus, clock).execute(new RenameUserCommand(id, name)),
    delete: (id: string) => new DeleteUserHandler(unitOfWork, bus, clock).execute(new DeleteUserCommand(id)),
  };
}

/** One turn of the event loop, as between two HTTP requests: PGlite and the in-memory stores answer within microtasks. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A gate a unit of work waits at, holding its transaction open, until the test opens it. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describeEachAdapter(adapterFixtures, 'UsersSnapshot on $name', (fixture) => {
  const store = useAdapters(fixture);

  /** The users the log's events up to the snapshot's position make, next to the users it answered. */
  async function replayed({ users, position }: UsersAtPosition) {
    const state = new UserState([]);
    for (const event of await store().eventLog.readRange(0, position)) state.apply(event.position, event.type, asStreamed(event));
    return { answered: users.map(asListed).map(({ id, name }) => ({ id, name })), replayed: state.list().map(({ id, name }) => ({ id, name })) };
  }

  it('answers no users at position 0 when nothing was ever written', async () => {
    expect(await store().snapshot.list(10, null)).toEqual({ users: [], position: 0 });
  });

  it('answers the users with the position of the newest event, which every page shares', async () => {
    const service = instance(store().unitOfWork);
    const ann = await service.create('ann@example.com', 'Ann');
    const bob = await service.create('bob@example.com', 'Bob');
    await service.create('cid@example.com', 'Cid');
    await service.rename(ann.id, 'Ann Lee');
    await service.delete(bob.id);

    const first = await store().snapshot.list(1, null);
    const rest = await store().snapshot.list(10, first.users[0] ?? null);

    expect([first.position, rest.position]).toEqual([5, 5]);
    expect([...first.users, ...rest.users].map((user) => user.name.value).sort()).toEqual(['Ann Lee', 'Cid']);
  });

  it('answers a write still committing wholly or not at all: its user exactly when its position', async () => {
    const ann = register(ANN, 'ann@example.com', 'Ann');
    const events = ann.pullEvents();
    await store().unitOfWork.run(async (tx) => {
      await tx.users.insert(ann);
      return tx.eventLog.append(events);
    });
    const bob = register(BOB, 'bob@example.com', 'Bob');
    const bobsEvents = bob.pullEvents();
    const held = gate();
    let appended = false;
    // The transaction stays open past its append until the gate opens; a group commit may run the work twice.
    const writing = store().unitOfWork.run(async (tx) => {
      await tx.users.insert(bob);
      const recorded = await tx.eventLog.append(bobsEvents);
      appended = true;
      await held.opened;
      return recorded;
    });
    await waitUntil(() => appended, 'the write has appended its event');

    const reading = store().snapshot.list(10, null);
    held.open();
    const [snapshot] = await Promise.all([reading, writing]);

    const { answered, replayed: fromLog } = await replayed(snapshot);
    expect(answered).toEqual(fromLog);
    expect(snapshot.users.some((user) => user.id === BOB)).toBe(snapshot.position === 2);
  });

  it('answers, while two instances create, rename and delete at once, users that are exactly the log replayed to its position', async () => {
    const adapters = store();
    // On a database, the third writer is another instance: its own group commit, its transactions racing this one's.
    const other = 'anotherInstancesUnitOfWork' in adapters ? (adapters as SqlAdapters).anotherInstancesUnitOfWork() : adapters.unitOfWork;
    const writers = [instance(adapters.unitOfWork), instance(adapters.unitOfWork), instance(other)];
    const write = async (service: (typeof writers)[number], name: string) => {
      for (let round = 0; round < 30; round += 1) {
        const user = await service.create(`${name}-${round}@example.com`, `${name} ${round}`);
        await nextTurn();
        await service.rename(user.id, `${name} ${round} renamed`);
        await nextTurn();
        if (round % 3 === 0) await service.delete(user.id);
      }
    };
    let writing = true;
    const done = Promise.all(writers.map((service, index) => write(service, `writer${index}`))).finally(() => (writing = false));

    const snapshots: UsersAtPosition[] = [];
    while (writing && snapshots.length < 1000) {
      snapshots.push(await store().snapshot.list(100, null));
      await nextTurn();
    }
    await done;
    snapshots.push(await store().snapshot.list(100, null));

    expect(new Set(snapshots.map((snapshot) => snapshot.position)).size).toBeGreaterThan(2);
    for (const snapshot of snapshots) {
      const { answered, replayed: fromLog } = await replayed(snapshot);
      expect({ position: snapshot.position, users: answered }).toEqual({ position: snapshot.position, users: fromLog });
    }
  });
});

describeEachAdapter(
  sqlAdapterFixtures.filter((fixture) => fixture.name === 'postgres'),
  'UsersSnapshot on $name, with a commit between its two reads',
  (fixture) => {
    const store = useAdapters(fixture);

    it('does not answer the position of an event whose user is not in the page', async () => {
      const ann = register(ANN, 'ann@example.com', 'Ann');
      const events = ann.pullEvents();
      const held = gate();
      let locked = false;
      // A writer that has appended and holds event_log locked: two reads would read the page, then wait at the head.
      const writing = store().db.transaction(async (tx) => {
        await new DrizzleUserRepository(tx).insert(ann);
        await new DrizzleEventLog(tx).append(events);
        await tx.execute(sql`LOCK TABLE event_log IN ACCESS EXCLUSIVE MODE`);
        locked = true;
        await held.opened;
      });
      await waitUntil(() => locked, 'the writer holds the event log');

      const reading = store().snapshot.list(10, null);
      await waitUntil(async () => {
        const result = await store().db.execute(sql`SELECT count(*)::int AS waiting FROM pg_locks WHERE NOT granted AND relation = 'event_log'::regclass`);
        return (result as unknown as { rows: { waiting: number }[] }).rows[0]?.waiting === 1;
      }, 'the snapshot waits for the event log');
      held.open();
      await writing;

      // Before the commit or after it, as long as the page and the position agree.
      const { users, position } = await reading;
      expect({ position, users: users.map((user) => user.id) }).toEqual(position === 0 ? { position, users: [] } : { position: 1, users: [ANN] });
      expect((await store().snapshot.list(10, null)).position).toBe(1);
    });
  },
);
