import { Email } from '../domain/email.js';
import { UserName } from '../domain/user-name.js';
import { User } from '../domain/user.js';
import { InMemoryEventLog } from '../../shared/infrastructure/in-memory-event-log.js';
import type { UsersTransaction } from '../application/ports/users-unit-of-work.js';
import { InMemoryUserRepository } from './in-memory-user.repository.js';
import { InMemoryUsersUnitOfWork, type InMemoryUsersUnitOfWorkOptions } from './in-memory-users-unit-of-work.js';

const ANN = '00000000-0000-4000-8000-000000000001';
const NOW = new Date('2026-11-24T19:00:00.000Z');

function setup(options?: InMemoryUsersUnitOfWorkOptions) {
  const users = new InMemoryUserRepository();
  const eventLog = new InMemoryEventLog();
  return { users, eventLog, unitOfWork: new InMemoryUsersUnitOfWork(users, eventLog, options) };
}

const ann = () => User.register(ANN, Email.parse('ann@example.com'), UserName.parse('Ann'), NOW);

describe('InMemoryUsersUnitOfWork', () => {
  it('runs each work once by default', async () => {
    const { unitOfWork } = setup();
    let runs = 0;
    await unitOfWork.run(async () => (runs += 1));
    expect(runs).toBe(1);
  });

  it('runs each work twice when asked, and keeps only what the second run wrote', async () => {
    const { users, eventLog, unitOfWork } = setup({ runEachWorkTwice: true });
    const user = ann();
    const events = user.pullEvents();
    let runs = 0;

    const recorded = await unitOfWork.run(async (tx: UsersTransaction) => {
      runs += 1;
      await tx.users.insert(user);
      return tx.eventLog.append(events);
    });

    expect(runs).toBe(2);
    expect(recorded.map((event) => event.position)).toEqual([1]);
    expect((await users.list(10, null)).map((stored) => stored.id)).toEqual([ANN]);
    expect(await eventLog.head()).toBe(1);
  });

  it('makes a work that takes its events from an aggregate built outside it lose them, as a retried batch would', async () => {
    const { eventLog, unitOfWork } = setup({ runEachWorkTwice: true });
    const user = ann();

    const recorded = await unitOfWork.run(async (tx) => {
      await tx.users.insert(user);
      return tx.eventLog.append(user.pullEvents()); // the mistake: the first, rolled-back run took them
    });

    expect(recorded).toEqual([]);
    expect(await eventLog.head()).toBe(0);
  });

  it('answers with the second run when the first failed', async () => {
    const { unitOfWork } = setup({ runEachWorkTwice: true });
    let runs = 0;
    const outcome = await unitOfWork.run(async () => {
      runs += 1;
      if (runs === 1) throw new Error('the first run fails');
      return 'second';
    });
    expect(outcome).toBe('second');
  });
});
