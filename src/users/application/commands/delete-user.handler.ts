import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../shared/application/clock.js';
import { UserNotFound } from '../../domain/user.errors.js';
import { USER_PERSONAL_FIELDS } from '../../domain/user.events.js';
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
      await tx.eventLog.erase(id, USER_PERSONAL_FIELDS); // in this unit of work: a delete that rolls back erases nothing
      return tx.eventLog.append(user.pullEvents());
    });
    this.eventBus.publishAll(recorded);
  }
}
