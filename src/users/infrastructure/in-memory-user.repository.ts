import { Injectable } from '@nestjs/common';
import { type UserPosition, UserRepository } from '../application/ports/user.repository.js';
import type { User } from '../domain/user.js';
import { EmailAlreadyTaken, UserNotFound } from '../domain/user.errors.js';
import { toUser, toUserRow as toRow, type UserRow } from './user-row.js';

const newestFirst = (a: UserRow, b: UserRow): number =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

const isOlderThan = (row: UserRow, position: UserPosition): boolean =>
  newestFirst(row, { ...row, createdAt: position.createdAt, id: position.id }) > 0;

/** Users in process memory. Changes made through a transaction() become visible on commit. */
@Injectable()
export class InMemoryUserRepository extends UserRepository {
  protected readonly rows = new Map<string, UserRow>();

  override async insert(user: User): Promise<void> {
    const transaction = this.transaction();
    await transaction.insert(user);
    transaction.commit();
  }

  override async update(user: User): Promise<void> {
    const transaction = this.transaction();
    await transaction.update(user);
    transaction.commit();
  }

  override async remove(id: string): Promise<void> {
    const transaction = this.transaction();
    await transaction.remove(id);
    transaction.commit();
  }

  override async findById(id: string): Promise<User | null> {
    const row = this.rows.get(id);
    return row ? toUser(row) : null;
  }

  override async list(limit: number, after: UserPosition | null): Promise<User[]> {
    return [...this.rows.values()]
      .filter((row) => after === null || isOlderThan(row, after))
      .sort(newestFirst)
      .slice(0, limit)
      .map(toUser);
  }

  /** Stages changes until commit(); the caller serialises transactions. */
  transaction(): InMemoryUserTransaction {
    return new InMemoryUserTransaction(this.rows);
  }
}

export class InMemoryUserTransaction extends UserRepository {
  // undefined marks a staged delete
  private readonly staged = new Map<string, UserRow | undefined>();

  constructor(private readonly committed: Map<string, UserRow>) {
    super();
  }

  override async insert(user: User): Promise<void> {
    if (this.row(user.id)) throw new Error(`user ${user.id} already exists`);
    if (this.hasEmail(user.email.value)) throw new EmailAlreadyTaken();
    this.staged.set(user.id, toRow(user));
  }

  /** As in SQL: only the name and updatedAt change. */
  override async update(user: User): Promise<void> {
    const row = this.row(user.id);
    if (!row) throw new UserNotFound();
    this.staged.set(user.id, { ...row, name: user.name.value, updatedAt: user.updatedAt });
  }

  override async remove(id: string): Promise<void> {
    if (!this.row(id)) throw new UserNotFound();
    this.staged.set(id, undefined);
  }

  override async findById(id: string): Promise<User | null> {
    const row = this.row(id);
    return row ? toUser(row) : null;
  }

  override async list(limit: number, after: UserPosition | null): Promise<User[]> {
    return this.current()
      .filter((row) => after === null || isOlderThan(row, after))
      .sort(newestFirst)
      .slice(0, limit)
      .map(toUser);
  }

  commit(): void {
    for (const [id, row] of this.staged) {
      if (row) this.committed.set(id, row);
      else this.committed.delete(id);
    }
  }

  private row(id: string): UserRow | undefined {
    return this.staged.has(id) ? this.staged.get(id) : this.committed.get(id);
  }

  private hasEmail(email: string): boolean {
    for (const row of this.staged.values()) if (row?.email === email) return true;
    for (const [id, row] of this.committed) if (row.email === email && !this.staged.has(id)) return true;
    return false;
  }

  private current(): UserRow[] {
    const merged = new Map(this.committed);
    for (const [id, row] of this.staged) {
      if (row) merged.set(id, row);
      else merged.delete(id);
    }
    return [...merged.values()];
  }
}
