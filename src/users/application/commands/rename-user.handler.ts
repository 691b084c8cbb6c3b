import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../shared/application/clock.js';
import { UserName } from '../../domain/user-name.js';
import type { User } from '../../domain/user.js';
import { UserNotFound } from '../../domain/user.errors.js';
import { UsersUnitOfWork } from '../ports/users-unit-of-work.js';
import { RenameUserCommand } from './rename-user.command.js';

@CommandHandler(RenameUserCommand)
export class RenameUserHandler implements ICommandHandler<RenameUserCommand> {
  constructor(
    private readonly unitOfWork: UsersUnitOfWork,
    private readonly eventBus: EventBus,
    private readonly clock: Clock,
  ) {}

  async execute({ id, name }: RenameUserCommand): Promise<User> {
    const newName = UserName.parse(name);
    const { user, recorded } = await this.unitOfWork.run(async (tx) => {
      const user = await tx.users.findById(id);
      if (!user) throw new UserNotFound();
      user.rename(newName, this.clock.now());
      await tx.users.update(user);
      return { user, recorded: await tx.eventLog.append(user.pullEvents()) };
    });
    this.eventBus.publishAll(recorded);
    return user;
  }
}
