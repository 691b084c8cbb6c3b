import { InMemoryEventLog } from '../../src/shared/infrastructure/in-memory-event-log.js';
import { InMemoryUserRepository } from '../../src/users/infrastructure/in-memory-user.repository.js';
import { InMemoryUsersSnapshot } from '../../src/users/infrastructure/in-memory-users-snapshot.js';
import { InMemoryUsersUnitOfWork } from '../../src/users/infrastructure/in-memory-users-unit-of-work.js';

/**
 * The users ports on the in-memory doubles, sharing one store: what unit specs build handlers from. Every work
 * runs twice, the first run rolled back, as a group commit may run it: a work with effects outside its
 * transaction fails the spec that relies on them.
 */
export function inMemoryUsers() {
  const users = new InMemoryUserRepository();
  const eventLog = new InMemoryEventLog();
  return {
    users,
    eventLog,
    unitOfWork: new InMemoryUsersUnitOfWork(users, eventLog, { runEachWorkTwice: true }),
    snapshot: new InMemoryUsersSnapshot(users, eventLog),
  };
}
