import type { RecordedEvent } from '../../../shared/application/recorded-event.js';
import { FixedClock } from '../../../../test/support/fixed-clock.js';
import { inMemoryUsers } from '../../../../test/support/in-memory-users.js';
import { RecordingEventBus } from '../../../../test/support/recording-event-bus.js';
import { EmailAlreadyTaken, InvalidEmail, InvalidUserName } from '../../domain/user.errors.js';
import { CreateUserCommand } from './create-user.command.js';
import { CreateUserHandler } from './create-user.handler.js';

const NOW = new Date('2026-11-24T19:00:00.000Z');

function setup() {
  const { users, eventLog: log, unitOfWork } = inMemoryUsers();
  // The in-memory log reads synchronously, so this is what was committed at the moment of publishing.
  const committedAtPublish: Promise<RecordedEvent[]>[] = [];
  const bus = new RecordingEventBus(() => committedAtPublish.push(log.readRange(0, Number.MAX_SAFE_INTEGER)));
  const handler = new CreateUserHandler(unitOfWork, bus.asEventBus(), new FixedClock(NOW));
  return { users, log, bus, handler, committedAtPublish };
}

describe('CreateUserHandler', () => {
  it('stores the user with a normalised email and name', async () => {
    const { users, handler } = setup();
    const user = await handler.execute(new CreateUserCommand(' Ann@Example.COM ', '  Ann  '));
    expect(user.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const stored = await users.findById(user.id);
    expect(stored).toMatchObject({ id: user.id, createdAt: NOW, updatedAt: NOW });
    expect(stored?.email.value).toBe('ann@example.com');
    expect(stored?.name.value).toBe('Ann');
  });

  it('appends user.created at positions 1, 2, 3 in the order the users are created', async () => {
    const { log, handler } = setup();
    const ann = await handler.execute(new CreateUserCommand('ann@example.com', 'Ann'));
    const bob = await handler.execute(new CreateUserCommand('bob@example.com', 'Bob'));
    const cy = await handler.execute(new CreateUserCommand('cy@example.com', 'Cy'));
    const events = await log.readRange(0, 10);
    expect(events.map(({ position, type, aggregateId }) => ({ position, type, aggregateId }))).toEqual([
      { position: 1, type: 'user.created', aggregateId: ann.id },
      { position: 2, type: 'user.created', aggregateId: bob.id },
      { position: 3, type: 'user.created', aggregateId: cy.id },
    ]);
    expect(events[1]).toMatchObject({ occurredAt: NOW, payload: { email: 'bob@example.com', name: 'Bob' } });
  });

  it('publishes the recorded event only after it is committed', async () => {
    const { bus, handler, committedAtPublish } = setup();
    const user = await handler.execute(new CreateUserCommand('ann@example.com', 'Ann'));
    expect(bus.published).toEqual([expect.objectContaining({ position: 1, type: 'user.created', aggregateId: user.id })]);
    expect(committedAtPublish).toHaveLength(1);
    expect(await committedAtPublish[0]).toEqual(bus.published);
  });

  it('refuses an email that is taken in another case, and stores, appends and publishes nothing', async () => {
    const { users, log, bus, handler } = setup();
    const ann = await handler.execute(new CreateUserCommand('ann@example.com', 'Ann'));
    await expect(handler.execute(new CreateUserCommand('  ANN@Example.Com', 'Other Ann'))).rejects.toThrow(EmailAlreadyTaken);
    expect((await users.list(10, null)).map((user) => user.id)).toEqual([ann.id]);
    expect(await log.head()).toBe(1);
    expect(bus.published).toHaveLength(1);
  });

  it('goes on at the next position after a refused email', async () => {
    const { log, handler } = setup();
    await handler.execute(new CreateUserCommand('ann@example.com', 'Ann'));
    await expect(handler.execute(new CreateUserCommand('ann@example.com', 'Ann'))).rejects.toThrow(EmailAlreadyTaken);
    await handler.execute(new CreateUserCommand('bob@example.com', 'Bob'));
    expect((await log.readRange(0, 10)).map((event) => event.position)).toEqual([1, 2]);
  });

  it.each([
    ['an invalid email', 'not-an-email', 'Ann', InvalidEmail],
    ['a blank name', 'ann@example.com', '   ', InvalidUserName],
  ])('rejects %s before anything is stored', async (_, email, name, error) => {
    const { users, log, bus, handler } = setup();
    await expect(handler.execute(new CreateUserCommand(email, name))).rejects.toThrow(error);
    expect(await users.list(10, null)).toEqual([]);
    expect(await log.head()).toBe(0);
    expect(bus.published).toEqual([]);
  });
});
