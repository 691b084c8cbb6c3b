import { FixedClock } from '../../../../test/support/fixed-clock.js';
import { inMemoryUsers } from '../../../../test/support/in-memory-users.js';
import { RecordingEventBus } from '../../../../test/support/recording-event-bus.js';
import { Email } from '../../domain/email.js';
import { UserName } from '../../domain/user-name.js';
import { User } from '../../domain/user.js';
import { UserNotFound } from '../../domain/user.errors.js';
import { DeleteUserCommand } from './delete-user.command.js';
import { DeleteUserHandler } from './delete-user.handler.js';

const ID = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
const BOB = '6f1c2d3e-4a5b-4c6d-8e7f-901234567891';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const CREATED_AT = new Date('2026-11-24T19:00:00.000Z');
const RENAMED_AT = new Date('2026-11-24T19:05:00.000Z');
const NOW = new Date('2026-11-25T08:30:00.000Z');

/** Ann, created and renamed, and Bob, created: both stored, with their events in the log at positions 1 to 3. */
async function setup() {
  const { users, eventLog: log, unitOfWork } = inMemoryUsers();
  const ann = User.register(ID, Email.parse('ann@example.com'), UserName.parse('Ann'), CREATED_AT);
  ann.rename(UserName.parse('Ann Lee'), RENAMED_AT);
  const bob = User.register(BOB, Email.parse('bob@example.com'), UserName.parse('Bob'), CREATED_AT);
  for (const user of [ann, bob]) {
    await users.insert(user);
    await log.append(user.pullEvents());
  }
  const bus = new RecordingEventBus();
  const handler = new DeleteUserHandler(unitOfWork, bus.asEventBus(), new FixedClock(NOW));
  return { users, log, bus, handler };
}

describe('DeleteUserHandler', () => {
  it('removes the user', async () => {
    const { users, handler } = await setup();
    await handler.execute(new DeleteUserCommand(ID));
    expect(await users.findById(ID)).toBeNull();
  });

  it('appends and publishes user.deleted, which carries no email', async () => {
    const { log, bus, handler } = await setup();
    await handler.execute(new DeleteUserCommand(ID));
    const events = await log.readRange(3, 10);
    expect(events).toEqual([expect.objectContaining({ position: 4, type: 'user.deleted', aggregateId: ID, occurredAt: NOW, payload: {} })]);
    expect(bus.published).toEqual(events);
  });

  it("erases the email from the user's earlier events, keeping their positions, types and other fields, and no one else's", async () => {
    const { log, handler } = await setup();
    await handler.execute(new DeleteUserCommand(ID));
    expect((await log.readRange(0, 3)).map(({ position, type, aggregateId, payload }) => ({ position, type, aggregateId, payload }))).toEqual([
      { position: 1, type: 'user.created', aggregateId: ID, payload: { name: 'Ann' } },
      { position: 2, type: 'user.renamed', aggregateId: ID, payload: { name: 'Ann Lee', previousName: 'Ann' } },
      { position: 3, type: 'user.created', aggregateId: BOB, payload: { email: 'bob@example.com', name: 'Bob' } },
    ]);
  });

  it('throws UserNotFound for an unknown id and appends and erases nothing', async () => {
    const { users, log, bus, handler } = await setup();
    const before = await log.readRange(0, 10);
    await expect(handler.execute(new DeleteUserCommand(UNKNOWN_ID))).rejects.toThrow(UserNotFound);
    expect(await users.findById(ID)).not.toBeNull();
    expect(await log.readRange(0, 10)).toEqual(before);
    expect(bus.published).toEqual([]);
  });

  it('throws UserNotFound when the user was already deleted, appending only the first deletion', async () => {
    const { log, handler } = await setup();
    await handler.execute(new DeleteUserCommand(ID));
    await expect(handler.execute(new DeleteUserCommand(ID))).rejects.toThrow(UserNotFound);
    expect(await log.head()).toBe(4);
  });

  it('frees the email for a new user', async () => {
    const { users, handler } = await setup();
    await handler.execute(new DeleteUserCommand(ID));
    const again = User.register(UNKNOWN_ID, Email.parse('ann@example.com'), UserName.parse('Ann'), NOW);
    await users.insert(again);
    expect((await users.findById(UNKNOWN_ID))?.email.value).toBe('ann@example.com');
  });
});
