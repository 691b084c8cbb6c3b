import { Email } from '../domain/email.js';
import { UserName } from '../domain/user-name.js';
import { User } from '../domain/user.js';

/** A stored user as plain data: what every adapter keeps, so no caller shares a mutable aggregate with a store. */
export interface UserRow {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export const toUserRow = (user: User): UserRow => ({
  id: user.id,
  email: user.email.value,
  name: user.name.value,
  createdAt: user.createdAt,
  updatedAt: user.updatedAt,
});

export const toUser = (row: UserRow): User =>
  User.restore(row.id, Email.parse(row.email), UserName.parse(row.name), row.createdAt, row.updatedAt);
