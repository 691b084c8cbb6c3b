import type { User } from '../../domain/user.js';

/** Where a page of the newest-first listing continues: strictly older than this user. */
export interface UserPosition {
  readonly createdAt: Date;
  readonly id: string;
}

export abstract class UserRepository {
  /** Throws EmailAlreadyTaken when another user has the address. */
  abstract insert(user: User): Promise<void>;
  /** Throws UserNotFound when the user no longer exists: a concurrent delete may have come first. */
  abstract update(user: User): Promise<void>;
  /** Throws UserNotFound when the user no longer exists: a concurrent delete may have come first. */
  abstract remove(id: string): Promise<void>;
  abstract findById(id: string): Promise<User | null>;
  /** Newest first (createdAt, then id, both descending), strictly after the given position. */
  abstract list(limit: number, after: UserPosition | null): Promise<User[]>;
}
