import { DomainError } from '../../../shared/domain/domain-error.js';
import type { UserPosition } from '../ports/user.repository.js';

export class InvalidCursor extends DomainError {
  readonly kind = 'invalid';
  constructor() {
    super('cursor is not one this service issued');
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: base64url of "<createdAt ISO>|<id>", the last user of the page before. */
export const PageCursor = {
  encode({ createdAt, id }: UserPosition): string {
    return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
  },

  decode(cursor: string): UserPosition {
    const [iso, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    const createdAt = new Date(iso ?? '');
    if (rest.length > 0 || !id || !UUID.test(id) || Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== iso) {
      throw new InvalidCursor();
    }
    return { createdAt, id };
  },
};
