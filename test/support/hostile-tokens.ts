import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { oddText } from './hostile-text.js';
import { TEST_SECRET } from './tokens.js';

/** The contract's scopes (Access). */
export const SCOPES = ['users:read', 'users:write', 'events:read', 'metrics:read'] as const;
export type Scope = (typeof SCOPES)[number];

/** The claims of a generated token; scopes as `scope` (a string) and/or `scp` (an array), or in a wrong type. */
export interface TokenClaims {
  readonly scope?: unknown;
  readonly scp?: unknown;
  readonly sub?: unknown;
  /** Seconds from now; null: no exp at all. */
  readonly expiresIn: number | null;
  /** nbf, seconds from now. */
  readonly notBeforeIn?: number;
}

/** A token to mint at request time (its exp is relative to then). */
export type TokenRecipe =
  | { readonly kind: 'garbage'; readonly text: string }
  | {
      readonly kind: 'signed';
      readonly claims: TokenClaims;
      readonly key: 'right' | 'wrong';
      readonly alg: 'HS256' | 'HS384' | 'HS512';
      /** Header parameters besides alg and typ: a kid (ignored with a shared secret), or a crit the service must refuse. */
      readonly extraHeader?: 'kid' | 'crit' | 'b64';
    }
  /** alg "none", or a header naming HS256 over an empty or foreign signature. */
  | { readonly kind: 'unsigned'; readonly claims: TokenClaims; readonly header: 'none' | 'HS256-empty' | 'HS256-swapped' };

const WRONG_SECRET = 'another-secret-of-at-least-32-bytes-000';
const SKEW_S = 30;

/** Every subset of the scopes, each in one of the spellings a token may use, right or wrong. */
const scopeClaims: fc.Arbitrary<Pick<TokenClaims, 'scope' | 'scp'>> = fc.subarray([...SCOPES]).chain((granted) =>
  fc.constantFrom<Pick<TokenClaims, 'scope' | 'scp'>>(
    { scope: granted.join(' ') },
    { scp: granted },
    { scope: granted.join(' '), scp: granted },
    { scope: ` ${granted.join('  ')} ` },
    { scope: granted.join(',') },
    { scope: granted.join('\t') },
    { scope: granted },
    { scp: granted.join(' ') },
    { scope: granted.map((scope) => scope.toUpperCase()).join(' ') },
  ),
);

const claims: fc.Arbitrary<TokenClaims> = fc.record(
  {
    scopes: scopeClaims,
    sub: fc.constantFrom<unknown>('tester', '', 'ü\u0000\u2028', 'x'.repeat(2_000), 42, null, ['a']),
    expiresIn: fc.oneof(
      { weight: 8, arbitrary: fc.constant(3600) },
      { weight: 3, arbitrary: fc.constantFrom(-120, -10, 5, null) },
      // past the last instant a JavaScript Date holds (8.64e12 s after 1970)
      { weight: 1, arbitrary: fc.constantFrom(10_000_000_000_000, 1e300) },
    ),
    notBeforeIn: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, fc.constantFrom(-60, 600)),
  },
  { requiredKeys: ['scopes', 'expiresIn', 'notBeforeIn'] },
).map(({ scopes, notBeforeIn, ...rest }) => ({ ...scopes, ...rest, ...(notBeforeIn !== undefined && { notBeforeIn }) }));

/** A token that grants everything: most requests carry one, so that they get past the guard to the handlers. */
export const ALL_SCOPES_TOKEN: TokenRecipe = { kind: 'signed', claims: { scope: SCOPES.join(' '), expiresIn: 3600 }, key: 'right', alg: 'HS256' };

export const tokenRecipe: fc.Arbitrary<TokenRecipe> = fc.oneof(
  { weight: 14, arbitrary: fc.constant(ALL_SCOPES_TOKEN) },
  { weight: 10, arbitrary: claims.map((c) => ({ kind: 'signed' as const, claims: c, key: 'right' as const, alg: 'HS256' as const })) },
  fc.record(
    {
      kind: fc.constant('signed' as const),
      claims,
      key: fc.constantFrom('right' as const, 'wrong' as const),
      alg: fc.constantFrom('HS256' as const, 'HS384' as const, 'HS512' as const),
      extraHeader: fc.constantFrom('kid' as const, 'crit' as const, 'b64' as const),
    },
    { requiredKeys: ['kind', 'claims', 'key', 'alg'] },
  ),
  fc.record({ kind: fc.constant('unsigned' as const), claims, header: fc.constantFrom('none' as const, 'HS256-empty' as const, 'HS256-swapped' as const) }),
  fc
    .oneof(fc.constantFrom('', 'null', 'a.b.c', '..', 'eyJhbGciOiJIUzI1NiJ9', 'eyJhbGciOiJIUzI1NiJ9.e30.', 'x'.repeat(9_000)), fc.base64String({ maxLength: 60 }), oddText(6))
    .map((text) => ({ kind: 'garbage' as const, text })),
);

const base64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function payloadOf({ scope, scp, sub, expiresIn, notBeforeIn }: TokenClaims): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    ...(scope !== undefined && { scope }),
    ...(scp !== undefined && { scp }),
    ...(sub !== undefined && { sub }),
    iat: now,
    ...(expiresIn !== null && { exp: now + expiresIn }),
    ...(notBeforeIn !== undefined && { nbf: now + notBeforeIn }),
  };
}

const HASHES = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;
const EXTRA_HEADERS = { kid: { kid: '../../etc/passwd' }, crit: { crit: ['exp'] }, b64: { b64: false, crit: ['b64'] } } as const;

function signed(header: Record<string, unknown>, payload: Record<string, unknown>, alg: keyof typeof HASHES, secret: string): string {
  const input = `${base64url(header)}.${base64url(payload)}`;
  return `${input}.${createHmac(HASHES[alg], secret).update(input).digest('base64url')}`;
}

/** The token as it goes on the wire. */
export function mint(recipe: TokenRecipe): string {
  if (recipe.kind === 'garbage') return recipe.text;
  const payload = payloadOf(recipe.claims);
  if (recipe.kind === 'signed') {
    const header = { alg: recipe.alg, typ: 'JWT', ...(recipe.extraHeader && EXTRA_HEADERS[recipe.extraHeader]) };
    return signed(header, payload, recipe.alg, recipe.key === 'right' ? TEST_SECRET : WRONG_SECRET);
  }
  if (recipe.header === 'none') return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(payload)}`;
  if (recipe.header === 'HS256-empty') return `${unsigned}.`;
  // A signature this service made, but over other claims.
  return `${unsigned}.${signed({ alg: 'HS256', typ: 'JWT' }, { scope: '' }, 'HS256', TEST_SECRET).split('.')[2]}`;
}

/**
 * The scopes a token may grant under the contract: none unless it is HS256 with AUTH_SECRET (no crit) and has an exp
 * not past the 30 s skew (nor an nbf ahead of it); then those of a string `scope` split at spaces and of an
 * array `scp`, both readings together. A check that a token without a scope is refused is then never wrong.
 */
export function mayGrant(recipe: TokenRecipe): ReadonlySet<Scope> {
  if (recipe.kind !== 'signed' || recipe.key !== 'right' || recipe.alg !== 'HS256' || (recipe.extraHeader !== undefined && recipe.extraHeader !== 'kid')) return new Set();
  const { scope, scp, expiresIn, notBeforeIn } = recipe.claims;
  if (expiresIn === null || expiresIn < -SKEW_S + 5) return new Set();
  if (notBeforeIn !== undefined && notBeforeIn > SKEW_S - 5) return new Set();
  const named = [...(typeof scope === 'string' ? scope.split(' ') : []), ...(Array.isArray(scp) ? (scp as unknown[]) : [])];
  return new Set(SCOPES.filter((candidate) => named.includes(candidate)));
}
