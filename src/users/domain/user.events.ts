import { DomainEvent } from '../../shared/domain/domain-event.js';

export class UserCreated extends DomainEvent<{ email: string; name: string }> {
  static readonly type = 'user.created';
  readonly type = UserCreated.type;
}

export class UserRenamed extends DomainEvent<{ name: string; previousName: string }> {
  static readonly type = 'user.renamed';
  readonly type = UserRenamed.type;
}

export class UserDeleted extends DomainEvent<{ email: string }> {
  static readonly type = 'user.deleted';
  readonly type = UserDeleted.type;
}

/** Every event type the users module emits: what a stream may be filtered by. */
export const USER_EVENT_TYPES: readonly string[] = [UserCreated.type, UserRenamed.type, UserDeleted.type];
