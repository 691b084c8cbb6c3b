import { Email } from './email.js';
import { UserName } from './user-name.js';
import { User } from './user.js';
import { UserCreated, UserDeleted, UserRenamed } from './user.events.js';

const ID = '0b7e7f9e-4c1a-4f43-9d55-1a2b3c4d5e6f';
const REGISTERED_AT = new Date('2026-11-24T19:00:00.000Z');
const LATER = new Date('2026-11-25T08:30:00.000Z');

const register = () => User.register(ID, Email.parse('ann@example.com'), UserName.parse('Ann'), REGISTERED_AT);

describe('User', () => {
  it('registers with the given id, email, name and times', () => {
    const user = register();
    expect(user.id).toBe(ID);
    expect(user.email.value).toBe('ann@example.com');
    expect(user.name.value).toBe('Ann');
    expect(user.createdAt).toEqual(REGISTERED_AT);
    expect(user.updatedAt).toEqual(REGISTERED_AT);
  });

  it('records user.created with the email and name when registered', () => {
    const events = register().pullEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toBeInstanceOf(UserCreated);
    expect(events[0]).toMatchObject({
      type: 'user.created',
      aggregateId: ID,
      occurredAt: REGISTERED_AT,
      payload: { email: 'ann@example.com', name: 'Ann' },
    });
  });

  it('records user.renamed with the new and previous name, and updates updatedAt', () => {
    const user = register();
    user.pullEvents();
    user.rename(UserName.parse('Ann Lee'), LATER);
    expect(user.name.value).toBe('Ann Lee');
    expect(user.updatedAt).toEqual(LATER);
    expect(user.createdAt).toEqual(REGISTERED_AT);
    const events = user.pullEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toBeInstanceOf(UserRenamed);
    expect(events[0]).toMatchObject({
      type: 'user.renamed',
      aggregateId: ID,
      occurredAt: LATER,
      payload: { name: 'Ann Lee', previousName: 'Ann' },
    });
  });

  it('records user.deleted, which carries no email', () => {
    const user = register();
    user.pullEvents();
    user.delete(LATER);
    const events = user.pullEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toBeInstanceOf(UserDeleted);
    expect(events[0]).toMatchObject({ type: 'user.deleted', aggregateId: ID, occurredAt: LATER });
    expect(events[0]?.payload).toEqual({});
  });

  it('keeps events in the order they happened until pulled', () => {
    const user = register();
    user.rename(UserName.parse('Ann Lee'), LATER);
    user.delete(LATER);
    expect(user.pullEvents().map((event) => event.type)).toEqual(['user.created', 'user.renamed', 'user.deleted']);
  });

  it('empties its events once they are pulled', () => {
    const user = register();
    user.pullEvents();
    expect(user.pullEvents()).toEqual([]);
  });

  it('records nothing when restored from storage', () => {
    const user = User.restore(ID, Email.parse('ann@example.com'), UserName.parse('Ann'), REGISTERED_AT, LATER);
    expect(user.pullEvents()).toEqual([]);
    expect(user.updatedAt).toEqual(LATER);
  });
});
