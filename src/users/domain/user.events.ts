import { DomainEvent } from '../../shared/domain/domain-event.js';

export class UserCreated extends DomainEvent<{ email: string; name: string }> {
  static readonly type = 'user.created';
  readonly type = UserCreated.type;
}

export class UserRenamed extends DomainEvent<{ name: string; previousName: string }> {
  static readonly type = 'user.renamed';
  readonly type = UserRenamed.type;
}

/** Carries no email: once a user is deleted, no event of it may (the contract's Erasure). */
export class UserDeleted extends DomainEvent<Record<never, never>> {
  static readonly type = 'user.deleted';
  readonly type = UserDeleted.type;
}

/** Every event a user can record; users/application/user-event-catalog.ts describes each of them to clients. */
export type UserEvent = UserCreated | UserRenamed | UserDeleted;

/** The payload fields that are personal data: a user's deletion erases them from its earlier events. */
export const USER_PERSONAL_FIELDS = ['email'] as const satisfies readonly (keyof UserCreated['payload'])[];
