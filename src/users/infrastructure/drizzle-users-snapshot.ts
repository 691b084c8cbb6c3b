import type { Drizzle } from '../../shared/infrastructure/database/database.js';
import { DrizzleEventLog } from '../../shared/infrastructure/database/drizzle-event-log.js';
import { guardStore } from '../../shared/infrastructure/database/store-errors.js';
import type { UserPosition } from '../application/ports/user.repository.js';
import { type UsersAtPosition, UsersSnapshot } from '../application/ports/users-snapshot.js';
import { DrizzleUserRepository } from './drizzle-user.repository.js';

/**
 * The page and the log's head read in one read-only transaction at repeatable read, so both see the one
 * snapshot its first statement takes. Its head is sound as the page's position because positions are handed
 * out in commit order (DrizzleEventLog holds event_log_head's row to commit, and a waiting append only gets it
 * once the holder is visible): a snapshot that sees position N sees every event up to N, and the user rows
 * committed with them. On PGlite the transaction waits for the one connection: never inside a group commit's.
 */
export class DrizzleUsersSnapshot extends UsersSnapshot {
  constructor(private readonly db: Drizzle) {
    super();
  }

  override list(limit: number, after: UserPosition | null): Promise<UsersAtPosition> {
    return guardStore(() =>
      this.db.transaction(
        async (tx) => {
          // The page first: the head read after it must not see a commit the page missed (users-snapshot contract spec).
          const users = await new DrizzleUserRepository(tx).list(limit, after);
          const position = await new DrizzleEventLog(tx).head();
          return { users, position };
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      ),
    );
  }
}
