import { InvalidUserName } from './user.errors.js';

const MAX_LENGTH = 100;

export class UserName {
  private constructor(readonly value: string) {}

  static parse(raw: string): UserName {
    const value = raw.trim();
    if (value.length === 0 || [...value].length > MAX_LENGTH) throw new InvalidUserName();
    return new UserName(value);
  }
}
