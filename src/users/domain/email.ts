import { InvalidEmail } from './user.errors.js';

// One "@", no whitespace, a dotted domain: the shape class-validator's IsEmail also demands at the edge.
const ADDRESS = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MAX_LENGTH = 254;
// As UserName: PostgreSQL text cannot hold NUL, and an unpaired surrogate is not text in any encoding.
const NOT_STORABLE = /[\0\p{Cs}]/u;

export class Email {
  private constructor(readonly value: string) {}

  /** Trims and lower-cases, so that one address has one spelling and uniqueness is case-insensitive. */
  static parse(raw: string): Email {
    const value = raw.trim().toLowerCase();
    if (value.length > MAX_LENGTH || !ADDRESS.test(value) || NOT_STORABLE.test(value)) throw new InvalidEmail();
    return new Email(value);
  }
}
