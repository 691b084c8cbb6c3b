import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../shared/application/clock.js';
import { UserNotFound } from '../../domain/user.errors.js';
import { UsersUnitOfWork } from '../ports/users-unit-of-work.js';
import { DeleteUserCommand } from './delete-user.command.js';

@CommandHandler(DeleteUserCommand)
export class DeleteUserHandler implements ICommandHandler<DeleteUserCommand> {
  constructor(
    private readonly unitOfWork: UsersUnitOfWork,
    private readonly eventBus: EventBus,
    private readonly clock: Clock,
  ) {}

  async execute({ id }: DeleteUserCommand): Promise<void> {
    const recorded = await this.unitOfWork.run(async (tx) => {
      const user = await tx.users.findById(id);
      if (!user) throw new UserNotFound();
      user.delete(this.clock.now());
      await tx.users.remove(id);
      return tx.eventLog.append(user.pullEvents());
    });
    this.eventBus.publishAll(recorded);
  }
}
