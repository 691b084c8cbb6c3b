import { AggregateRoot } from '../../shared/domain/aggregate-root.js';
import type { Email } from './email.js';
import type { UserName } from './user-name.js';
import { UserCreated, UserDeleted, type UserEvent, UserRenamed } from './user.events.js';

export class User extends AggregateRoot<UserEvent> {
  private constructor(
    readonly id: string,
    readonly email: Email,
    private currentName: UserName,
    readonly createdAt: Date,
    private lastUpdatedAt: Date,
  ) {
    super();
  }

  static register(id: string, email: Email, name: UserName, now: Date): User {
    const user = new User(id, email, name, now, now);
    user.record(new UserCreated(id, now, { email: email.value, name: name.value }));
    return user;
  }

  /** Rebuilds a stored user; records nothing, since nothing happened. */
  static restore(id: string, email: Email, name: UserName, createdAt: Date, updatedAt: Date): User {
    return new User(id, email, name, createdAt, updatedAt);
  }

  get name(): UserName {
    return this.currentName;
  }

  get updatedAt(): Date {
    return this.lastUpdatedAt;
  }

  rename(name: UserName, now: Date): void {
    const previousName = this.currentName.value;
    this.currentName = name;
    this.lastUpdatedAt = now;
    this.record(new UserRenamed(this.id, now, { name: name.value, previousName }));
  }

  delete(now: Date): void {
    this.record(new UserDeleted(this.id, now, {}));
  }
}
