import type { User } from '../../domain/user.js';
import type { UserPosition } from './user.repository.js';

/** Users as the event log stood at one position. */
export interface UsersAtPosition {
  readonly users: readonly User[];
  /** Every event up to it is applied in users, none after it; 0 when the log is empty. */
  readonly position: number;
}

/**
 * Reads users together with the event-log position they reflect, in one consistent view, so that a client
 * that shows them and then resumes the stream from that position misses nothing and applies nothing twice.
 */
export abstract class UsersSnapshot {
  /** As UserRepository.list (newest first, strictly after `after`), with the position that list reflects. */
  abstract list(limit: number, after: UserPosition | null): Promise<UsersAtPosition>;
}
