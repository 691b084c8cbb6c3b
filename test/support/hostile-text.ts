import fc from 'fast-check';

/**
 * Characters that trip parsers, validators and databases: NUL and other controls, lone surrogates,
 * line and paragraph separators, a BOM, bidi overrides, zero-width and wide spaces, astral and combining ones.
 */
export const ODD_CHARACTERS = [
  '\0', '\x01', '\x08', '\x1b', '\x1f', '\x7f', '\t', '\n', '\r', '\u0085', '\u00a0', '\u2028', '\u2029',
  '\ud800', '\udbff', '\udc00', '\udfff', '\ufeff', '\u200b', '\u202e', '\u3000', '\ufffd', '\uffff',
  '😀', 'e\u0301', 'İ', 'ß', '\\', '"', "'", '<', '%', '|', '/', '.', '@', ',', ';', '=', '&',
] as const;

export const oddCharacter: fc.Arbitrary<string> = fc.constantFrom(...ODD_CHARACTERS);

/** Any UTF-16 code unit, lone surrogates included: what a JSON string can carry once escaped. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));

/** Text of plain, odd and arbitrary characters, up to maxLength pieces. */
export const oddText = (maxLength = 12): fc.Arbitrary<string> =>
  fc.array(fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 4 }), oddCharacter, codeUnit), { maxLength }).map((parts) => parts.join(''));

/** A string of exactly `length` UTF-16 units built from one repeated piece (which may be an astral character). */
export const repeated = (piece: string, length: number): string => piece.repeat(Math.ceil(length / piece.length)).slice(0, length);

const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 12, maxLength: 12 });

/** A tag that keeps generated addresses apart, so that a valid one is not a 409 by accident. */
export const uniqueTag: fc.Arbitrary<string> = hex;

/**
 * A valid-looking address of exactly `length` characters (the contract's limit is 254): a 64-character
 * local part starting with the tag, and 63-character labels in front of ".com". Needs length >= 70.
 */
export function addressOfLength(length: number, tag: string): string {
  const local = repeated(`${tag}x`, 64);
  let rest = length - local.length - 1 - '.com'.length;
  const labels: string[] = [];
  while (rest > 63) {
    const label = rest === 64 ? 62 : 63; // never leave a 64-character label, nor an empty one
    labels.push(repeated('d', label));
    rest -= label + 1;
  }
  labels.push(repeated('e', rest));
  return `${local}@${labels.join('.')}.com`;
}

/** Emails: valid, at the length limit and either side of it, in odd cases and spacings, and malformed. */
export const emailText: fc.Arbitrary<string> = uniqueTag.chain((tag) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(`u${tag}@example.com`) },
    // Few enough that requests meet them again: a 409, or two creates of one address at once.
    { weight: 2, arbitrary: fc.constantFrom('shared0@example.com', 'SHARED0@Example.com', ' shared1@example.com ') },
    fc.constantFrom(253, 254, 255, 256).map((length) => addressOfLength(length, tag)),
    fc.constantFrom(
      `U${tag.toUpperCase()}@EXAMPLE.COM`,
      `  u${tag}@example.com\t`,
      `\u3000u${tag}@example.com\u2028`,
      `u${tag}+tag@example.com`,
      `ü${tag}@bücher.de`,
      `İ${tag}@example.com`,
      `"u ${tag}"@example.com`,
      `u${tag}@[127.0.0.1]`,
      `u${tag}@localhost`,
      `u${tag}@example`,
      `u${tag}@@example.com`,
      `@example.com`,
      `u${tag}@`,
      `u${tag}@example..com`,
      `u${tag}@-example.com`,
      `${repeated('a', 65)}@example.com`,
      `u${tag}@${repeated('l', 64)}.com`,
      '',
      ' ',
    ),
    fc.tuple(oddCharacter, fc.nat(3)).map(([odd, at]) => [`u${tag}`, '@example', '.com'].map((part, index) => (index === at ? odd + part : part)).join('')),
  ),
);

/** Names: ordinary, empty, blank, at 100 characters and past it, in astral characters, with odd characters, huge. */
export const nameText: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).filter((name) => name.trim() !== '') },
  fc.constantFrom('', ' ', '\t\n', '\u3000', '\u2028', '\u200b', '\ufeff', '\u00a0\u00a0'),
  fc.constantFrom(99, 100, 101).chain((length) => fc.constantFrom(repeated('n', length), ` ${repeated('n', length)} `, repeated('😀', length * 2), repeated('e\u0301', length))),
  oddText(),
  fc.constantFrom(repeated('h', 5_000), repeated('h', 17_000), '<script>alert(1)</script>', 'Robert"); DROP TABLE users;--'),
);
