import { InvalidEmail } from './user.errors.js';

// One "@", no whitespace, a dotted domain: the shape class-validator's IsEmail also demands at the edge.
const ADDRESS = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MAX_LENGTH = 254;

export class Email {
  private constructor(readonly value: string) {}

  /** Trims and lower-cases, so that one address has one spelling and uniqueness is case-insensitive. */
  static parse(raw: string): Email {
    const value = raw.trim().toLowerCase();
    if (value.length > MAX_LENGTH || !ADDRESS.test(value)) throw new InvalidEmail();
    return new Email(value);
  }
}
