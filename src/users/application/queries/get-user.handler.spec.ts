import { Email } from '../../domain/email.js';
import { UserName } from '../../domain/user-name.js';
import { User } from '../../domain/user.js';
import { UserNotFound } from '../../domain/user.errors.js';
import { inMemoryUsers } from '../../../../test/support/in-memory-users.js';
import { GetUserHandler } from './get-user.handler.js';
import { GetUserQuery } from './get-user.query.js';

const ID = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
const CREATED_AT = new Date('2026-11-24T19:00:00.000Z');

describe('GetUserHandler', () => {
  it('returns the stored user', async () => {
    const { users } = inMemoryUsers();
    await users.insert(User.register(ID, Email.parse('ann@example.com'), UserName.parse('Ann'), CREATED_AT));
    const user = await new GetUserHandler(users).execute(new GetUserQuery(ID));
    expect(user.id).toBe(ID);
    expect(user.email.value).toBe('ann@example.com');
    expect(user.name.value).toBe('Ann');
    expect(user.createdAt).toEqual(CREATED_AT);
    expect(user.updatedAt).toEqual(CREATED_AT);
  });

  it('returns a user that has no events to publish', async () => {
    const { users } = inMemoryUsers();
    await users.insert(User.register(ID, Email.parse('ann@example.com'), UserName.parse('Ann'), CREATED_AT));
    const user = await new GetUserHandler(users).execute(new GetUserQuery(ID));
    expect(user.pullEvents()).toEqual([]);
  });

  it('throws UserNotFound for an unknown id', async () => {
    await expect(new GetUserHandler(inMemoryUsers().users).execute(new GetUserQuery(ID))).rejects.toThrow(UserNotFound);
  });
});
