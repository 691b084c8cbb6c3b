import { Injectable } from '@nestjs/common';
import { InMemoryEventLog } from '../../shared/infrastructure/in-memory-event-log.js';
import { Mutex } from '../../shared/infrastructure/mutex.js';
import { type UsersTransaction, UsersUnitOfWork } from '../application/ports/users-unit-of-work.js';
import { InMemoryUserRepository } from './in-memory-user.repository.js';

export interface InMemoryUsersUnitOfWorkOptions {
  /**
   * Runs every work twice, the first run rolled back whatever its outcome, as a group commit may do. Tests set it,
   * so that a work changing something outside its transaction (taking an aggregate's events, say) fails their assertions.
   */
  readonly runEachWorkTwice?: boolean;
}

/** One transaction at a time; the staged changes of both stores are applied together, synchronously, or dropped. */
@Injectable()
export class InMemoryUsersUnitOfWork extends UsersUnitOfWork {
  private readonly mutex = new Mutex();

  constructor(
    private readonly users: InMemoryUserRepository,
    private readonly eventLog: InMemoryEventLog,
    private readonly options: InMemoryUsersUnitOfWorkOptions = {},
  ) {
    super();
  }

  override run<T>(work: (tx: UsersTransaction) => Promise<T>): Promise<T> {
    return this.mutex.run(async () => {
      if (this.options.runEachWorkTwice) await work(this.begin()).catch(() => undefined); // never committed
      const users = this.users.transaction();
      const eventLog = this.eventLog.transaction();
      const result = await work({ users, eventLog });
      users.commit();
      eventLog.commit();
      return result;
    });
  }

  private begin(): UsersTransaction {
    return { users: this.users.transaction(), eventLog: this.eventLog.transaction() };
  }
}
