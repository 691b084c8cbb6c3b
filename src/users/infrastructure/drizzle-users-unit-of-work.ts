import { Injectable } from '@nestjs/common';
import { Database } from '../../shared/infrastructure/database/database.js';
import { DrizzleEventLog } from '../../shared/infrastructure/database/drizzle-event-log.js';
import { guardStore } from '../../shared/infrastructure/database/store-errors.js';
import { type UsersTransaction, UsersUnitOfWork } from '../application/ports/users-unit-of-work.js';
import { DrizzleUserRepository } from './drizzle-user.repository.js';

/** A database transaction: the user change and its event-log rows commit together or roll back together. */
@Injectable()
export class DrizzleUsersUnitOfWork extends UsersUnitOfWork {
  constructor(private readonly database: Database) {
    super();
  }

  override run<T>(work: (tx: UsersTransaction) => Promise<T>): Promise<T> {
    return guardStore(() =>
      this.database.db.transaction((tx) => work({ users: new DrizzleUserRepository(tx), eventLog: new DrizzleEventLog(tx) })),
    );
  }
}
