import { Command } from '@nestjs/cqrs';
import type { User } from '../../domain/user.js';

export class CreateUserCommand extends Command<User> {
  constructor(
    readonly email: string,
    readonly name: string,
  ) {
    super();
  }
}
