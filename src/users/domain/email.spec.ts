import { Email } from './email.js';
import { InvalidEmail } from './user.errors.js';

describe('Email.parse', () => {
  it('trims and lower-cases the email', () => {
    expect(Email.parse('  Ann.Lee@Example.COM \t').value).toBe('ann.lee@example.com');
  });

  it.each([
    ['an address without an @', 'ann.example.com'],
    ['an address with two @', 'ann@lee@example.com'],
    ['an address without a dotted domain', 'ann@example'],
    ['an address with a space inside', 'ann lee@example.com'],
    ['an empty string', ''],
    ['only whitespace', '   '],
    ['a domain ending in a dot', 'ann@example.'],
    ['a NUL character, which PostgreSQL text cannot hold', 'ann\u0000@example.com'],
    ['an unpaired high surrogate', 'ann\ud800@example.com'],
    ['an unpaired low surrogate', 'ann@exa\udc00mple.com'],
  ])('rejects %s', (_, raw) => {
    expect(() => Email.parse(raw)).toThrow(InvalidEmail);
  });

  it('accepts an address of exactly 254 characters', () => {
    const raw = `${'a'.repeat(242)}@example.com`;
    expect(raw).toHaveLength(254);
    expect(Email.parse(raw).value).toBe(raw);
  });

  it('rejects an address of 255 characters', () => {
    const raw = `${'a'.repeat(243)}@example.com`;
    expect(raw).toHaveLength(255);
    expect(() => Email.parse(raw)).toThrow(InvalidEmail);
  });

  it('measures the length after trimming', () => {
    const raw = `${'a'.repeat(242)}@example.com`;
    expect(Email.parse(`   ${raw}   `).value).toBe(raw);
  });

  it('keeps the address out of the error message', () => {
    expect(() => Email.parse('secret-address@nowhere')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret') }));
  });
});
