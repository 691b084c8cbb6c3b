import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import type { User } from '../../domain/user.js';
import { UserNotFound } from '../../domain/user.errors.js';
import { UserRepository } from '../ports/user.repository.js';
import { GetUserQuery } from './get-user.query.js';

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery> {
  constructor(private readonly users: UserRepository) {}

  async execute({ id }: GetUserQuery): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new UserNotFound();
    return user;
  }
}
