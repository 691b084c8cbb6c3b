import { InvalidUserName } from './user.errors.js';

const MAX_LENGTH = 100;
// PostgreSQL text cannot hold NUL, and an unpaired surrogate is not text in any encoding.
const NOT_STORABLE = /[\0\p{Cs}]/u;

export class UserName {
  private constructor(readonly value: string) {}

  static parse(raw: string): UserName {
    const value = raw.trim();
    if (value.length === 0 || [...value].length > MAX_LENGTH) throw new InvalidUserName();
    if (NOT_STORABLE.test(value)) throw new InvalidUserName('name must not contain NUL characters or unpaired surrogates');
    return new UserName(value);
  }
}
