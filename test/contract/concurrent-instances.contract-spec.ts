import { Email } from '../../src/users/domain/email.js';
import { UserName } from '../../src/users/domain/user-name.js';
import { UserNotFound } from '../../src/users/domain/user.errors.js';
import { User } from '../../src/users/domain/user.js';
import { DeleteUserCommand } from '../../src/users/application/commands/delete-user.command.js';
import { DeleteUserHandler } from '../../src/users/application/commands/delete-user.handler.js';
import { RenameUserCommand } from '../../src/users/application/commands/rename-user.command.js';
import { RenameUserHandler } from '../../src/users/application/commands/rename-user.handler.js';
import { sqlAdapterFixtures, describeEachAdapter, useAdapters } from '../support/adapters.js';
import { FixedClock } from '../support/fixed-clock.js';
import { RecordingEventBus } from '../support/recording-event-bus.js';

const ANN = '00000000-0000-4000-8000-000000000001';
const NOW = new Date('2026-11-24T19:00:00.000Z');

// Each instance batches its own commands; only the database stands between two instances' transactions.
describeEachAdapter(sqlAdapterFixtures, 'two instances changing one user at once on $name', (fixture) => {
  const store = useAdapters(fixture);

  const instance = () => {
    const unitOfWork = store().anotherInstancesUnitOfWork();
    const bus = new RecordingEventBus();
    const clock = new FixedClock(NOW);
    return {
      bus,
      delete: (id: string) => new DeleteUserHandler(unitOfWork, bus.asEventBus(), clock).execute(new DeleteUserCommand(id)),
      rename: (id: string, name: string) =>
        new RenameUserHandler(unitOfWork, bus.asEventBus(), clock).execute(new RenameUserCommand(id, name)),
    };
  };

  const seedAnn = async () => {
    await store().clear();
    const ann = User.register(ANN, Email.parse('ann@example.com'), UserName.parse('Ann'), NOW);
    const events = ann.pullEvents();
    await store().unitOfWork.run(async (tx) => {
      await tx.users.insert(ann);
      return tx.eventLog.append(events);
    });
  };

  it('deletes the user once: the other delete and the rename find it gone, and nothing follows user.deleted', async () => {
    // A race: several rounds, so that it is lost at least once when the adapter does not guard against it.
    for (let round = 0; round < 5; round++) {
      await seedAnn();
      const [first, second, third] = [instance(), instance(), instance()];

      const outcomes = await Promise.allSettled([first.delete(ANN), second.delete(ANN), third.rename(ANN, 'Annie')]);

      const deletes = outcomes.slice(0, 2).filter((outcome) => outcome.status === 'fulfilled');
      expect(deletes).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(UserNotFound);
      }
      const types = (await store().eventLog.readRange(0, 100)).map((event) => event.type);
      expect(types.filter((type) => type === 'user.deleted')).toHaveLength(1);
      expect(types[types.length - 1]).toBe('user.deleted');
    }
  });

  it('renames the user in turn: each user.renamed names the name it replaced as previousName', async () => {
    await seedAnn();
    const writers = [instance(), instance()];

    await Promise.all(
      writers.map(async (writer, index) => {
        for (let round = 0; round < 20; round++) await writer.rename(ANN, `Ann ${index}-${round}`);
      }),
    );

    const renames = (await store().eventLog.readRange(0, 100)).filter((event) => event.type === 'user.renamed');
    expect(renames).toHaveLength(40);
    const previous = renames.map((event) => event.payload.previousName);
    expect(previous).toEqual(['Ann', ...renames.slice(0, -1).map((event) => event.payload.name)]);
  });
});
