import { FixedClock } from '../../../../test/support/fixed-clock.js';
import { inMemoryUsers } from '../../../../test/support/in-memory-users.js';
import { RecordingEventBus } from '../../../../test/support/recording-event-bus.js';
import { Email } from '../../domain/email.js';
import { UserName } from '../../domain/user-name.js';
import { User } from '../../domain/user.js';
import { InvalidUserName, UserNotFound } from '../../domain/user.errors.js';
import { RenameUserCommand } from './rename-user.command.js';
import { RenameUserHandler } from './rename-user.handler.js';

const ID = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const CREATED_AT = new Date('2026-11-24T19:00:00.000Z');
const NOW = new Date('2026-11-25T08:30:00.000Z');

async function setup() {
  const { users, eventLog: log, unitOfWork } = inMemoryUsers();
  await users.insert(User.register(ID, Email.parse('ann@example.com'), UserName.parse('Ann'), CREATED_AT));
  const bus = new RecordingEventBus();
  const handler = new RenameUserHandler(unitOfWork, bus.asEventBus(), new FixedClock(NOW));
  return { users, log, bus, handler };
}

describe('RenameUserHandler', () => {
  it('stores the trimmed new name and the time of the change', async () => {
    const { users, handler } = await setup();
    const renamed = await handler.execute(new RenameUserCommand(ID, '  Ann Lee '));
    expect(renamed.name.value).toBe('Ann Lee');
    const stored = await users.findById(ID);
    expect(stored?.name.value).toBe('Ann Lee');
    expect(stored?.updatedAt).toEqual(NOW);
    expect(stored?.createdAt).toEqual(CREATED_AT);
  });

  it('appends and publishes user.renamed with the new and previous name', async () => {
    const { log, bus, handler } = await setup();
    await handler.execute(new RenameUserCommand(ID, 'Ann Lee'));
    const events = await log.readRange(0, 10);
    expect(events).toEqual([
      expect.objectContaining({
        position: 1,
        type: 'user.renamed',
        aggregateId: ID,
        occurredAt: NOW,
        payload: { name: 'Ann Lee', previousName: 'Ann' },
      }),
    ]);
    expect(bus.published).toEqual(events);
  });

  it('throws UserNotFound for an unknown id and appends nothing', async () => {
    const { log, bus, handler } = await setup();
    await expect(handler.execute(new RenameUserCommand(UNKNOWN_ID, 'Bob'))).rejects.toThrow(UserNotFound);
    expect(await log.head()).toBe(0);
    expect(bus.published).toEqual([]);
  });

  it('rejects a blank name and leaves the user as it was', async () => {
    const { users, log, handler } = await setup();
    await expect(handler.execute(new RenameUserCommand(ID, ' '))).rejects.toThrow(InvalidUserName);
    expect((await users.findById(ID))?.name.value).toBe('Ann');
    expect(await log.head()).toBe(0);
  });
});
