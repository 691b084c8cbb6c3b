import { randomUUID } from 'node:crypto';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../shared/application/clock.js';
import { Email } from '../../domain/email.js';
import { UserName } from '../../domain/user-name.js';
import { User } from '../../domain/user.js';
import { UsersUnitOfWork } from '../ports/users-unit-of-work.js';
import { CreateUserCommand } from './create-user.command.js';

@CommandHandler(CreateUserCommand)
export class CreateUserHandler implements ICommandHandler<CreateUserCommand> {
  constructor(
    private readonly unitOfWork: UsersUnitOfWork,
    private readonly eventBus: EventBus,
    private readonly clock: Clock,
  ) {}

  async execute({ email, name }: CreateUserCommand): Promise<User> {
    const user = User.register(randomUUID(), Email.parse(email), UserName.parse(name), this.clock.now());
    const events = user.pullEvents(); // outside the work, which may run more than once
    const recorded = await this.unitOfWork.run(async (tx) => {
      await tx.users.insert(user);
      return tx.eventLog.append(events);
    });
    this.eventBus.publishAll(recorded); // after commit: nothing rolled back ever reaches a dashboard
    return user;
  }
}
