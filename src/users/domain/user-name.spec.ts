import { UserName } from './user-name.js';
import { InvalidUserName } from './user.errors.js';

describe('UserName.parse', () => {
  it('trims the name', () => {
    expect(UserName.parse('  Ann Lee \n').value).toBe('Ann Lee');
  });

  it('accepts a single character', () => {
    expect(UserName.parse('A').value).toBe('A');
  });

  it('accepts 100 characters', () => {
    expect(UserName.parse('a'.repeat(100)).value).toHaveLength(100);
  });

  it('rejects 101 characters', () => {
    expect(() => UserName.parse('a'.repeat(101))).toThrow(InvalidUserName);
  });

  it('counts characters, not UTF-16 units, so 100 emoji are allowed', () => {
    const name = '😀'.repeat(100);
    expect(UserName.parse(name).value).toBe(name);
  });

  it('measures the length after trimming', () => {
    expect(UserName.parse(`  ${'a'.repeat(100)}  `).value).toBe('a'.repeat(100));
  });

  it.each([
    ['an empty name', ''],
    ['a blank name', '   '],
    ['a name of line breaks and tabs', '\r\n\t'],
    ['a NUL character, which PostgreSQL text cannot hold', 'a\u0000b'],
    ['an unpaired high surrogate', 'a\ud800b'],
    ['an unpaired low surrogate', 'a\udc00b'],
  ])('rejects %s', (_, raw) => {
    expect(() => UserName.parse(raw)).toThrow(InvalidUserName);
  });
});
