import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { emailText, nameText, oddText, repeated, uniqueTag } from './hostile-text.js';

/** A field's value: any JSON value, a JSON token written as it is (1e400, "\ud800"), or the address of a user that exists. */
export type FieldValue =
  | { readonly json: unknown }
  | { readonly raw: string }
  | { readonly existingEmail: number; readonly upper: boolean };

/** What a body says, before it is encoded for the wire. */
export type BodyRecipe =
  | { readonly kind: 'none' }
  /** An object written key by key: repeated keys and "__proto__" reach the parser as written. */
  | { readonly kind: 'object'; readonly entries: readonly (readonly [string, FieldValue])[] }
  /** Valid JSON that is not an object. */
  | { readonly kind: 'json'; readonly value: unknown }
  /** Text that is not valid JSON. */
  | { readonly kind: 'text'; readonly text: string }
  /** Arrays nested `depth` deep, in a field or as the whole body. */
  | { readonly kind: 'deep'; readonly depth: number; readonly field: string | null };

/** How the body travels: its Content-Type, encoding of its text, compression, framing. */
export interface BodyEnvelope {
  /** null: no Content-Type header. */
  readonly contentType: string | null;
  readonly charset: 'utf8' | 'utf16le' | 'latin1';
  readonly bom: boolean;
  /** The Content-Encoding header, if any, and whether the bytes really are compressed that way. */
  readonly contentEncoding: string | null;
  readonly compressed: boolean;
  /** Chunked transfer encoding (well-framed) instead of Content-Length. */
  readonly chunked: boolean;
}

const wrongType: fc.Arbitrary<FieldValue> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, [], {}, [''], { value: 'a@example.com' }, ['a@example.com']),
  fc.integer().map((value) => value as unknown),
  fc.array(oddText(3), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'toString', 'a'), oddText(3), { maxKeys: 2 }),
).map((json) => ({ json }));

const rawToken: fc.Arbitrary<FieldValue> = fc
  .constantFrom('1e400', '-1e400', '-0', '123456789012345678901234567890', '"\\ud800"', '"\\udfff x"', '"\\u0000"', '"a\\u2028b"', '"\\uFEFFa@example.com"')
  .map((raw) => ({ raw }));

const existingEmail: fc.Arbitrary<FieldValue> = fc.record({ existingEmail: fc.nat(), upper: fc.boolean() });

const emailValue = fc.oneof({ weight: 6, arbitrary: emailText.map((json): FieldValue => ({ json })) }, existingEmail, wrongType, rawToken);
const nameValue = fc.oneof({ weight: 6, arbitrary: nameText.map((json): FieldValue => ({ json })) }, wrongType, rawToken);

const EXTRA_NAMES = ['id', 'createdAt', 'updatedAt', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', 'email ', 'Email', 'NAME', '', '\u0000', 'name\u0000'];
const extraField = fc.tuple(fc.constantFrom(...EXTRA_NAMES), fc.oneof(wrongType, nameValue));

/** Entries of a user-like object: the wanted fields, each maybe missing, mistyped or repeated, and maybe extra ones. */
function objectOf(wanted: readonly (readonly [string, fc.Arbitrary<FieldValue>])[]): fc.Arbitrary<BodyRecipe> {
  const fields = wanted.map(([name, value]) =>
    fc.oneof({ weight: 8, arbitrary: value.map((v) => [[name, v] as const]) }, fc.constant([]), fc.tuple(value, value).map(([a, b]) => [[name, a] as const, [name, b] as const])),
  );
  const extras = fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, fc.array(extraField, { minLength: 1, maxLength: 2 }));
  return fc.tuple(fc.tuple(...fields), extras).map(([parts, extra]) => ({ kind: 'object', entries: [...parts.flat(), ...extra] }));
}

const notAnObject: fc.Arbitrary<BodyRecipe> = fc.oneof(
  fc.constantFrom<unknown>(null, 0, 'a@example.com', true, [], [{ email: 'a@example.com', name: 'A' }]).map((value) => ({ kind: 'json' as const, value })),
  fc
    .constantFrom('', ' ', '{', '}', '{"email":', '{"email":"a@example.com","name":"A",}', "{'email':'a@example.com'}", 'NaN', '{"a":1}{"b":2}', '\ufeff{}', '{"name":"\\uZZZZ"}', '{"name":"a\nb"}', 'null null')
    .map((text) => ({ kind: 'text' as const, text })),
  fc.constantFrom(100, 3_000, 7_000).chain((depth) => fc.constantFrom<string | null>(null, 'email', 'name').map((field) => ({ kind: 'deep' as const, depth, field }))),
);

const validEmail = fc.oneof(uniqueTag.map((tag) => `v${tag}@example.com`), fc.constantFrom('shared0@example.com', 'Shared0@Example.com', ' shared1@example.com ')).map((json): FieldValue => ({ json }));
const validName = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((name) => name.trim() !== '' && name.length <= 100).map((json): FieldValue => ({ json }));
const valid = (fields: readonly (readonly [string, fc.Arbitrary<FieldValue>])[]): fc.Arbitrary<BodyRecipe> =>
  fc.tuple(...fields.map(([name, value]) => value.map((v) => [name, v] as const))).map((entries) => ({ kind: 'object' as const, entries }));

/** POST /users bodies: user-like objects with mutations, some valid (so that writes succeed too), sometimes no object at all. */
export const createBody: fc.Arbitrary<BodyRecipe> = fc.oneof(
  { weight: 3, arbitrary: valid([['email', validEmail], ['name', validName]]) },
  { weight: 8, arbitrary: objectOf([['email', emailValue], ['name', nameValue]]) },
  { weight: 2, arbitrary: notAnObject },
  fc.constant({ kind: 'none' as const }),
);

/** PATCH /users/:id bodies: a name, maybe with an email or other fields that may not be there. */
export const renameBody: fc.Arbitrary<BodyRecipe> = fc.oneof(
  { weight: 3, arbitrary: valid([['name', validName]]) },
  { weight: 8, arbitrary: objectOf([['name', nameValue]]) },
  { weight: 2, arbitrary: objectOf([['name', nameValue], ['email', emailValue]]) },
  { weight: 2, arbitrary: notAnObject },
  fc.constant({ kind: 'none' as const }),
);

/** A body a read route does not expect. */
export const strayBody: fc.Arbitrary<BodyRecipe> = fc.oneof({ weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) }, createBody);

/** Mostly the JSON the service reads; else other media types, charsets, compressions, and chunked framing. */
export const bodyEnvelope: fc.Arbitrary<BodyEnvelope> = fc.record({
  contentType: fc.oneof(
    { weight: 12, arbitrary: fc.constant('application/json') },
    fc.constantFrom<string | null>(
      null, '', 'application/json; charset=utf-8', 'Application/JSON ; Charset="UTF-8"', 'application/json; charset=utf8',
      'application/json; charset=latin1', 'application/json; charset=utf-16', 'application/json; charset=', 'application/json; charset=utf-8; charset=utf-16',
      'application/json, text/plain', 'text/plain', 'text/json', 'application/merge-patch+json', 'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x', '*/*', 'application/jsonx', 'application/json; boundary=x',
    ),
  ),
  charset: fc.oneof({ weight: 10, arbitrary: fc.constant('utf8' as const) }, fc.constantFrom('utf16le' as const, 'latin1' as const)),
  bom: fc.oneof({ weight: 10, arbitrary: fc.constant(false) }, fc.constant(true)),
  contentEncoding: fc.oneof({ weight: 12, arbitrary: fc.constant(null) }, fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'Identity', 'GZIP', 'gzip, identity', 'x-unknown', '')),
  compressed: fc.boolean(),
  chunked: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, fc.constant(true)),
});

/** The JSON text of a recipe; existing addresses are looked up in `emails` by index. */
export function bodyText(recipe: BodyRecipe, emails: readonly string[]): string | null {
  const value = (field: FieldValue): string => {
    if ('json' in field) return JSON.stringify(field.json) ?? 'null';
    if ('raw' in field) return field.raw;
    const email = emails.length === 0 ? 'nobody@example.com' : (emails[field.existingEmail % emails.length] as string);
    return JSON.stringify(field.upper ? email.toUpperCase() : email);
  };
  switch (recipe.kind) {
    case 'none':
      return null;
    case 'object':
      return `{${recipe.entries.map(([name, field]) => `${JSON.stringify(name)}:${value(field)}`).join(',')}}`;
    case 'json':
      return JSON.stringify(recipe.value);
    case 'text':
      return recipe.text;
    case 'deep': {
      const nested = `${repeated('[', recipe.depth)}${repeated(']', recipe.depth)}`;
      return recipe.field === null ? nested : `{"${recipe.field}":${nested}}`;
    }
  }
}

/** The body's bytes as the envelope has them travel (before chunked framing). */
export function bodyBytes(text: string, envelope: BodyEnvelope): Buffer {
  const encoded = Buffer.concat([envelope.bom ? Buffer.from('\ufeff', envelope.charset) : Buffer.alloc(0), Buffer.from(text, envelope.charset)]);
  if (!envelope.compressed || envelope.contentEncoding === null) return encoded;
  const coding = envelope.contentEncoding.toLowerCase();
  if (coding.startsWith('gzip')) return gzipSync(encoded);
  if (coding === 'deflate') return deflateSync(encoded);
  if (coding === 'br') return brotliCompressSync(encoded);
  return encoded;
}
