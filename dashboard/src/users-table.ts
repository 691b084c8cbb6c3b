import type { User } from './api.js';
import { byId } from './dom.js';
import { UserRow } from './user-row.js';

/** The users card: the table (rows kept by id, so an open rename survives live updates), its paging and empty state. */
export class UsersTable {
  private readonly rows = new Map<string, UserRow>();
  private readonly body = byId<HTMLTableSectionElement>('users-body');
  private readonly table = byId<HTMLTableElement>('users-table');
  private readonly empty = byId('users-empty');
  private readonly note = byId('users-note');
  private readonly count = byId('users-count');
  private readonly more = byId<HTMLButtonElement>('load-more');

  constructor(
    onLoadMore: () => void,
    private readonly onUnauthorized: () => void,
  ) {
    this.more.addEventListener('click', onLoadMore);
  }

  render(users: readonly User[], hasMore: boolean): void {
    const wanted = new Set(users.map((user) => user.id));
    for (const [id, row] of this.rows) {
      if (wanted.has(id)) continue;
      row.element.remove();
      this.rows.delete(id);
    }
    let previous: Element | null = null;
    for (const user of users) {
      let row = this.rows.get(user.id);
      if (row === undefined) {
        row = new UserRow(user, this.onUnauthorized);
        this.rows.set(user.id, row);
      } else {
        row.update(user);
      }
      const expected: Element | null = previous === null ? this.body.firstElementChild : previous.nextElementSibling;
      if (expected !== row.element) {
        if (previous === null) this.body.prepend(row.element);
        else previous.after(row.element);
      }
      previous = row.element;
    }
    this.table.hidden = users.length === 0;
    this.empty.hidden = users.length > 0 || hasMore;
    this.more.hidden = !hasMore;
    this.count.textContent = users.length === 0 ? '' : hasMore ? `${users.length} shown — more` : `${users.length} ${users.length === 1 ? 'user' : 'users'}`;
  }

  /** Says why the list could not be loaded; null clears it. */
  problem(text: string | null): void {
    this.note.hidden = text === null;
    this.note.textContent = text ?? '';
  }

  loading(busy: boolean): void {
    this.more.disabled = busy;
    this.more.textContent = busy ? 'Loading…' : 'Load more';
  }
}
