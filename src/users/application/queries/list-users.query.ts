import { Query } from '@nestjs/cqrs';
import type { UserPage } from './user-page.js';

export class ListUsersQuery extends Query<UserPage> {
  constructor(
    readonly limit: number,
    readonly cursor: string | null,
  ) {
    super();
  }
}
