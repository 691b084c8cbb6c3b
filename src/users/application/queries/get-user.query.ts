import { Query } from '@nestjs/cqrs';
import type { User } from '../../domain/user.js';

export class GetUserQuery extends Query<User> {
  constructor(readonly id: string) {
    super();
  }
}
