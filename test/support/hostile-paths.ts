import fc from 'fast-check';
import { oddText } from './hostile-text.js';
import { lastEventIdText } from './hostile-headers.js';

/** What the service holds when a request is sent: ids, emails and cursors that generated requests refer to by index. */
export interface Known {
  readonly userIds: readonly string[];
  readonly emails: readonly string[];
  readonly cursors: readonly string[];
}

export const pick = (list: readonly string[], index: number, otherwise: string): string => (list.length === 0 ? otherwise : (list[index % list.length] as string));

/** Every byte that is not unreserved as %XX, so that any text, lone surrogates included (as U+FFFD), is a path segment or query value. */
export const percentEncoded = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((byte) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

const SPELLINGS = ['as-is', 'upper', 'braces', 'urn', 'no-dashes', 'padded', 'every-byte-encoded', 'suffix', 'truncated'] as const;
type Spelling = (typeof SPELLINGS)[number];

/** An id segment: of a user that exists, any UUID, or other text, spelled in various ways; or raw path bytes. */
export type IdRecipe =
  | { readonly kind: 'known'; readonly index: number; readonly spelling: Spelling }
  | { readonly kind: 'uuid'; readonly value: string; readonly spelling: Spelling }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'raw'; readonly segment: string };

const spelling = fc.oneof({ weight: 8, arbitrary: fc.constant('as-is' as const) }, fc.constantFrom(...SPELLINGS));

export const idRecipe: fc.Arbitrary<IdRecipe> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('known' as const), index: fc.nat(), spelling }) },
  fc.record({
    kind: fc.constant('uuid' as const),
    value: fc.oneof(fc.uuid(), fc.uuid({ version: [1, 2, 3, 5, 6, 7, 8] }), fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff')),
    spelling,
  }),
  fc.record({ kind: fc.constant('text' as const), text: oddText(8) }),
  fc
    .constantFrom('.', '..', '%2e%2e', '%2F', 'a%2Fb', '%00', '%ZZ', '%', '%C0%AF', '%E2%80%A8', '%FF', '%uD800', '%ED%A0%80', '*', ';x', 'x;y=1', '%20', '~', '%252F', '..%2F..%2Fetc%2Fpasswd')
    .map((segment) => ({ kind: 'raw' as const, segment })),
);

function spelled(uuid: string, how: Spelling): string {
  switch (how) {
    case 'as-is': return uuid;
    case 'upper': return uuid.toUpperCase();
    case 'braces': return percentEncoded(`{${uuid}}`);
    case 'urn': return `urn:uuid:${uuid}`;
    case 'no-dashes': return uuid.replace(/-/g, '');
    case 'padded': return `%20${uuid}%20`;
    case 'every-byte-encoded': return [...uuid].map((character) => `%${character.charCodeAt(0).toString(16)}`).join('');
    case 'suffix': return `${uuid}x`;
    case 'truncated': return uuid.slice(0, -1);
  }
}

/** The path segment of an id, as it goes on the wire. */
export function idSegment(recipe: IdRecipe, known: Known): string {
  switch (recipe.kind) {
    case 'known': return spelled(pick(known.userIds, recipe.index, '00000000-0000-4000-8000-000000000000'), recipe.spelling);
    case 'uuid': return spelled(recipe.value, recipe.spelling);
    case 'text': return percentEncoded(recipe.text);
    case 'raw': return recipe.segment;
  }
}

const CURSOR_MUTATIONS = ['none', 'drop-last', 'append', 'pad', 'standard-base64', 'upper', 'year-0', 'year-10000', 'no-millis', 'offset', 'upper-id', 'extra-field', 'spaces'] as const;

/** A cursor: one the service issued, maybe mutated; one forged from parts; or any text. */
export type CursorRecipe =
  | { readonly kind: 'issued'; readonly index: number; readonly mutation: (typeof CURSOR_MUTATIONS)[number] }
  | { readonly kind: 'forged'; readonly createdAt: string; readonly id: string }
  | { readonly kind: 'text'; readonly text: string };

export const cursorRecipe: fc.Arbitrary<CursorRecipe> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('issued' as const), index: fc.nat(), mutation: fc.constantFrom(...CURSOR_MUTATIONS) }) },
  fc.record({
    kind: fc.constant('forged' as const),
    createdAt: fc.oneof(fc.date({ noInvalidDate: true }).map((date) => date.toISOString()), fc.constantFrom('0000-01-01T00:00:00.000Z', '+010000-01-01T00:00:00.000Z', '2026-02-30T00:00:00.000Z', 'now', '')),
    id: fc.oneof(fc.uuid(), fc.constantFrom('', 'x', '00000000-0000-0000-0000-000000000000')),
  }),
  fc.oneof(fc.base64String({ maxLength: 80 }), fc.base64String({ maxLength: 80 }).map((text) => text.replace(/\+/g, '-').replace(/\//g, '_').replace(/=/g, '')), oddText(8)).map((text) => ({ kind: 'text' as const, text })),
);

function mutated(cursor: string, mutation: CursorRecipe & { kind: 'issued' }): string {
  const [createdAt = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const encode = (text: string) => Buffer.from(text).toString('base64url');
  switch (mutation.mutation) {
    case 'none': return cursor;
    case 'drop-last': return cursor.slice(0, -1);
    case 'append': return `${cursor}A`;
    case 'pad': return `${cursor}==`;
    case 'standard-base64': return Buffer.from(cursor, 'base64url').toString('base64');
    case 'upper': return cursor.toUpperCase();
    case 'year-0': return encode(`0000${createdAt.slice(4)}|${id}`);
    case 'year-10000': return encode(`+010000${createdAt.slice(4)}|${id}`);
    case 'no-millis': return encode(`${createdAt.replace(/\.\d{3}Z$/, 'Z')}|${id}`);
    case 'offset': return encode(`${createdAt.replace(/Z$/, '+00:00')}|${id}`);
    case 'upper-id': return encode(`${createdAt}|${id.toUpperCase()}`);
    case 'extra-field': return encode(`${createdAt}|${id}|x`);
    case 'spaces': return ` ${cursor} `;
  }
}

export function cursorText(recipe: CursorRecipe, known: Known): string {
  if (recipe.kind === 'text') return recipe.text;
  if (recipe.kind === 'forged') return Buffer.from(`${recipe.createdAt}|${recipe.id}`).toString('base64url');
  return mutated(pick(known.cursors, recipe.index, 'MjAyNi0wMS0wMVQwMDowMDowMC4wMDBafDAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMA'), recipe);
}

/** One name=value of a query string; a value of null is a name without "=". */
export type QueryPart = { readonly name: string; readonly value: QueryValue | null; readonly encode: boolean };
export type QueryValue = { readonly text: string } | { readonly cursor: CursorRecipe };

const ODD_NAMES = ['foo', 'Limit', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__[x]', 'constructor[prototype][x]', 'limit[]', 'limit[0]', 'limit[toString]', 'cursor[]', 'types[]', '', 'a.b', '%6Cimit'];
const LIMITS = ['1', '20', '100', '0', '101', '-1', '05', '5.0', '1e1', '0x10', '+5', ' 5', '5 ', '١', '１', '', 'NaN', 'true', '9'.repeat(400), '%ED%A0%80'];
const TYPES = ['user.created', 'user.renamed,user.deleted', 'user.created, user.deleted', 'stream.reset', 'USER.CREATED', 'user.*', ',', '', 'toString', '__proto__', 'user.created,,user.deleted'];

const value = (texts: readonly string[]): fc.Arbitrary<QueryValue> => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...texts) }, oddText(6)).map((text) => ({ text }));

/** Query parts for a route: its own names with good and bad values, repeated, and names it does not know. */
function queryParts(own: fc.Arbitrary<QueryPart>): fc.Arbitrary<readonly QueryPart[]> {
  const odd = fc.record({ name: fc.oneof(fc.constantFrom(...ODD_NAMES), oddText(4)), value: fc.option(value(['1', 'x', '']), { nil: null }), encode: fc.boolean() });
  return fc.oneof({ weight: 4, arbitrary: fc.array(own, { maxLength: 3 }) }, fc.array(fc.oneof(own, odd), { minLength: 1, maxLength: 4 }));
}

export const usersQuery = queryParts(
  fc.oneof(
    fc.record({ name: fc.constant('limit'), value: value(LIMITS), encode: fc.boolean() }),
    fc.record({ name: fc.constant('cursor'), value: cursorRecipe.map((cursor) => ({ cursor })), encode: fc.boolean() }),
  ),
);

export const eventsQuery = queryParts(
  fc.oneof(
    fc.record({ name: fc.constant('types'), value: value(TYPES), encode: fc.boolean() }),
    fc.record({ name: fc.constant('lastEventId'), value: lastEventIdText.map((text) => ({ text })), encode: fc.boolean() }),
  ),
);

/** Parameters on a route that takes none. */
export const strayQuery = queryParts(fc.record({ name: fc.constantFrom('limit', 'x', 'format'), value: value(['1', 'json']), encode: fc.boolean() }));

/** "?a=1&b" as on the wire; values percent-encoded when asked, or else only where a raw byte would break the request line. */
export function queryString(parts: readonly QueryPart[], known: Known): string {
  if (parts.length === 0) return '';
  const wire = (text: string, encode: boolean) => (encode ? percentEncoded(text) : text.replace(/[^\x21-\x7e]|#/g, (character) => percentEncoded(character)));
  const rendered = parts.map(({ name, value: given, encode }) => {
    if (given === null) return wire(name, encode);
    const text = 'text' in given ? given.text : cursorText(given.cursor, known);
    return `${wire(name, encode)}=${wire(text, encode)}`;
  });
  return `?${rendered.join('&')}`;
}
