import { Command } from '@nestjs/cqrs';
import type { User } from '../../domain/user.js';

export class RenameUserCommand extends Command<User> {
  constructor(
    readonly id: string,
    readonly name: string,
  ) {
    super();
  }
}
