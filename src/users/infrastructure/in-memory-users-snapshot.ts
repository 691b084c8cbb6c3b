import { Injectable } from '@nestjs/common';
import { InMemoryEventLog } from '../../shared/infrastructure/in-memory-event-log.js';
import type { UserPosition } from '../application/ports/user.repository.js';
import { type UsersAtPosition, UsersSnapshot } from '../application/ports/users-snapshot.js';
import { InMemoryUserRepository } from './in-memory-user.repository.js';

/** The committed users and log head of the in-memory stores, which InMemoryUsersUnitOfWork commits together. */
@Injectable()
export class InMemoryUsersSnapshot extends UsersSnapshot {
  constructor(
    private readonly users: InMemoryUserRepository,
    private readonly eventLog: InMemoryEventLog,
  ) {
    super();
  }

  override async list(limit: number, after: UserPosition | null): Promise<UsersAtPosition> {
    // Both are read when called, in this turn of the event loop: no commit can come between them, as one would past an await.
    const [users, position] = await Promise.all([this.users.list(limit, after), this.eventLog.head()]);
    return { users, position };
  }
}
