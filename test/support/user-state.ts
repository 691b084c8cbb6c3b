import type { RecordedEvent } from '../../src/shared/application/recorded-event.js';
import type { User as DomainUser } from '../../src/users/domain/user.js';
import type { User } from './users.js';

/** A user event's data as the stream carries it (the log's payload with the aggregate's id and occurredAt). */
export interface UserEventData {
  readonly id: string;
  readonly email?: string;
  readonly name?: string;
  readonly previousName?: string;
  readonly occurredAt: string;
}

/** A user as GET /users answers it, from the domain object. */
export const asListed = (user: DomainUser): User => ({
  id: user.id,
  email: user.email.value,
  name: user.name.value,
  createdAt: user.createdAt.toISOString(),
  updatedAt: user.updatedAt.toISOString(),
});

/** A logged event as the stream carries it. */
export const asStreamed = ({ aggregateId, occurredAt, payload }: RecordedEvent): UserEventData => ({
  ...payload,
  id: aggregateId,
  occurredAt: occurredAt.toISOString(),
});

/**
 * What a client builds from a page of users and the events after its position. It refuses an event that does
 * not follow from what it holds: a user.created for a user it has (applied twice), a rename whose previousName is
 * not the name it has, a rename or delete of a user it does not have (an event missed).
 */
export class UserState {
  private readonly users = new Map<string, User>();

  constructor(page: readonly User[]) {
    for (const user of page) this.users.set(user.id, user);
  }

  apply(position: number, type: string, data: UserEventData): void {
    const known = this.users.get(data.id);
    const fail = (why: string) => {
      throw new Error(`event ${position} (${type} of ${data.id}) ${why}`);
    };
    if (type === 'user.created') {
      if (known) fail('is for a user already there');
      // An erased address means the user is deleted later on: the delete removes it again.
      const { id, email = '', name = '', occurredAt } = data;
      this.users.set(id, { id, email, name, createdAt: occurredAt, updatedAt: occurredAt });
    } else if (type === 'user.renamed') {
      if (!known) fail('is for a user not there');
      else if (known.name !== data.previousName) fail(`has previousName ${data.previousName} where the name is ${known.name}`);
      else this.users.set(data.id, { ...known, name: data.name ?? '', updatedAt: data.occurredAt });
    } else if (type === 'user.deleted') {
      if (!known) fail('is for a user not there');
      this.users.delete(data.id);
    } else {
      fail('is not a user event');
    }
  }

  /** The users held, newest first as GET /users lists them. */
  list(): User[] {
    return [...this.users.values()].sort((a, b) => descending(a.createdAt, b.createdAt) || descending(a.id, b.id));
  }
}

const descending = (a: string, b: string): number => (a < b ? 1 : a > b ? -1 : 0);
