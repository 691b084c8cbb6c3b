import type { HeraldEvent } from '../../client/herald-stream.js';
import type { User, UserPage } from './api.js';

interface Rename {
  readonly position: number;
  readonly name: string;
  readonly updatedAt: string;
}

/**
 * The users the page shows, newest first: pages from GET /users with the live events applied on top.
 * A page fetched later ("Load more") may predate events already applied, so the last rename and the
 * deletion of each user are remembered with their position and applied to such a page too.
 */
export class UserList {
  private users: User[] = [];
  private cursor: string | null = null;
  private readonly renames = new Map<string, Rename>();
  private readonly deletions = new Map<string, number>();

  get items(): readonly User[] {
    return this.users;
  }

  get nextCursor(): string | null {
    return this.cursor;
  }

  /** The first page: what was shown before is forgotten. */
  replace(page: UserPage): void {
    this.users = [];
    this.renames.clear();
    this.deletions.clear();
    this.cursor = null;
    this.append(page);
  }

  /** The next page, after what is shown. */
  append(page: UserPage): void {
    const shown = new Set(this.users.map((user) => user.id));
    for (const user of page.items) {
      if (shown.has(user.id) || (this.deletions.get(user.id) ?? -1) > page.position) continue;
      const rename = this.renames.get(user.id);
      this.users.push(rename !== undefined && rename.position > page.position ? { ...user, name: rename.name, updatedAt: rename.updatedAt } : user);
    }
    this.cursor = page.nextCursor;
  }

  /** Applies a live event; answers whether what is shown changed. Keyed on the payload, so unknown types change nothing. */
  apply(event: HeraldEvent): boolean {
    const { id, name, email, occurredAt } = event.data;
    if (typeof id !== 'string') return false;
    const at = typeof occurredAt === 'string' ? occurredAt : new Date().toISOString();
    const index = this.users.findIndex((user) => user.id === id);
    switch (event.type) {
      case 'user.created':
        if (index !== -1 || typeof name !== 'string' || this.deletions.has(id)) return false;
        this.users.unshift({ id, name, ...(typeof email === 'string' && { email }), createdAt: at, updatedAt: at });
        return true;
      case 'user.renamed':
        if (typeof name !== 'string') return false;
        this.renames.set(id, { position: event.id, name, updatedAt: at });
        if (index === -1) return false;
        this.users[index] = { ...this.users[index]!, name, updatedAt: at };
        return true;
      case 'user.deleted':
        this.deletions.set(id, event.id);
        if (index === -1) return false;
        this.users.splice(index, 1);
        return true;
      default:
        return false;
    }
  }
}
