import { Injectable, Optional } from '@nestjs/common';
import { CommitAnnouncer } from '../../shared/application/commit-announcer.js';
import { Database } from '../../shared/infrastructure/database/database.js';
import { GroupCommit } from '../../shared/infrastructure/database/group-commit.js';
import { type UsersTransaction, UsersUnitOfWork } from '../application/ports/users-unit-of-work.js';
import { DrizzleUserRepository } from './drizzle-user.repository.js';

/**
 * A database transaction: the user change and its event-log rows commit together or roll back together.
 * Concurrent units of work share one transaction and one commit (see GroupCommit).
 */
@Injectable()
export class DrizzleUsersUnitOfWork extends UsersUnitOfWork {
  private readonly commits: GroupCommit;

  /** announcer: the event broker's, when it fans out through the database (EVENT_BROKER=postgres). */
  constructor(database: Database, @Optional() announcer?: CommitAnnouncer) {
    super();
    // On a server, a second transaction runs its units while the first announces and commits (GroupCommit waits
    // for the first's units to settle, so batches stay whole). PGlite has one connection: the second would wait.
    this.commits = new GroupCommit(database.db, database.engine === 'postgres' ? 2 : 1, announcer);
  }

  override run<T>(work: (tx: UsersTransaction) => Promise<T>): Promise<T> {
    return this.commits.run(({ tx, eventLog, inserts }) => work({ users: new DrizzleUserRepository(tx, { lockRead: true, inserts }), eventLog }));
  }
}
