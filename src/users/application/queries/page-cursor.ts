import { DomainError } from '../../../shared/domain/domain-error.js';
import type { UserPosition } from '../ports/user.repository.js';

export class InvalidCursor extends DomainError {
  readonly kind = 'invalid';
  constructor() {
    super('cursor is not one this service issued');
  }
}

// Ids are issued by randomUUID and read back from a uuid column: always lower-case.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Years 1..9999: toISOString writes others as ±YYYYYY or year 0000, which PostgreSQL refuses (a 500, not a 400).
const FIRST = Date.parse('0001-01-01T00:00:00.000Z');
const LAST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Opaque to clients: base64url of "<createdAt ISO>|<id>", the last user of the page before.
 * Checked, not signed: a cursor is taken only if it re-encodes to itself, so every position has one
 * spelling and anything else is a 400; a forged one can only name a place in the order, which any
 * client may page to anyway.
 */
export const PageCursor = {
  encode({ createdAt, id }: UserPosition): string {
    return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
  },

  decode(cursor: string): UserPosition {
    const [iso = '', id = '', ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
    const position = { createdAt: new Date(iso), id };
    const time = position.createdAt.getTime();
    // The range check comes first: encode() throws on an invalid date.
    if (rest.length > 0 || !UUID.test(id) || !(time >= FIRST && time <= LAST) || PageCursor.encode(position) !== cursor) {
      throw new InvalidCursor();
    }
    return position;
  },
};
