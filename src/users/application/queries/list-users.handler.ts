import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UsersSnapshot } from '../ports/users-snapshot.js';
import { ListUsersQuery } from './list-users.query.js';
import { PageCursor } from './page-cursor.js';
import type { UserPage } from './user-page.js';

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery> {
  constructor(private readonly snapshot: UsersSnapshot) {}

  async execute({ limit, cursor }: ListUsersQuery): Promise<UserPage> {
    const after = cursor === null ? null : PageCursor.decode(cursor);
    // One extra row tells whether another page exists without a count query.
    const { users: rows, position } = await this.snapshot.list(limit + 1, after);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: rows.length > limit && last ? PageCursor.encode(last) : null, position };
  }
}
