import fc from 'fast-check';
import { oddText } from './hostile-text.js';
import { type TokenRecipe, tokenRecipe } from './hostile-tokens.js';

/** How a token is put in the Authorization header: `${prefix}${token}${suffix}`. */
export interface AuthorizationRecipe {
  readonly token: TokenRecipe;
  readonly prefix: string;
  readonly suffix: string;
  /** A second Authorization header after the first, with another token. */
  readonly second: TokenRecipe | null;
}

/** The Cookie header: `${before}herald_session=${quote}${token}${quote}${after}`, or a value with no token. */
export type CookieRecipe =
  | { readonly kind: 'session'; readonly token: TokenRecipe; readonly before: string; readonly quote: string; readonly after: string }
  | { readonly kind: 'text'; readonly text: string };

const PREFIXES = ['Bearer ', 'bearer ', 'BEARER ', 'Bearer  ', 'Bearer\t', 'Bearer', 'Basic ', 'Token ', 'Bearer Bearer ', ' Bearer ', 'Bearer "', ''];
const SUFFIXES = ['', ' ', '"', ' x', ',', ', Bearer abc', '\t', '=='];

export const authorization: fc.Arbitrary<AuthorizationRecipe> = fc.record({
  token: tokenRecipe,
  prefix: fc.oneof({ weight: 12, arbitrary: fc.constant('Bearer ') }, fc.constantFrom(...PREFIXES)),
  suffix: fc.oneof({ weight: 12, arbitrary: fc.constant('') }, fc.constantFrom(...SUFFIXES)),
  second: fc.oneof({ weight: 10, arbitrary: fc.constant(null) }, tokenRecipe),
});

export const cookie: fc.Arbitrary<CookieRecipe> = fc.oneof(
  { weight: 3, arbitrary: fc.record({
    kind: fc.constant('session' as const),
    token: tokenRecipe,
    before: fc.constantFrom('', 'other=1; ', 'herald_session=; ', 'herald_session=garbage; ', ';;'),
    quote: fc.constantFrom('', '', '"'),
    after: fc.constantFrom('', '; other=2', '; herald_session=garbage', '%00', '%ZZ', ';'),
  }) },
  fc
    .oneof(fc.constantFrom('herald_session=', 'herald_session', 'herald_session=%ZZ', 'herald_session=%E2%80%A8', '=', ';;;', 'HERALD_SESSION=a.b.c', 'herald_session=a.b.c'), oddText(8).map((text) => `herald_session=${text}`))
    .map((text) => ({ kind: 'text' as const, text })),
);

/** Last-Event-ID values, header or query: the contract takes non-negative integers and refuses everything else before the stream. */
export const lastEventIdText: fc.Arbitrary<string> = fc.oneof(
  fc.nat({ max: 50 }).map(String),
  fc.constantFrom(
    '', ' ', '0', '00', '007', '-0', '-1', '+1', '1.0', '1e3', '0x10', '0b1', '1_000', '١٢', '１', ' 5 ', '5,6', 'NaN', 'Infinity', 'null', 'abc',
    '9007199254740993', '18446744073709551616', '9'.repeat(40), '9'.repeat(400), '%31', '1%00',
  ),
);

/** Header values a client may send; ones Node refuses (NUL, other controls) are answered by the HTTP layer. */
const headerValue = fc.oneof(fc.constantFrom('', ' ', 'x'.repeat(4_000), 'ü', '\u2028', '\x7f', '\x00', '\x01'), oddText(6).map((text) => text.replace(/[\r\n]/g, '')));

/** Headers beyond the ones a route reads, as name and value; never CR or LF, which would end the head. */
export const extraHeaders: fc.Arbitrary<readonly (readonly [string, string])[]> = fc.array(
  fc.oneof(
    lastEventIdText.map((value) => ['Last-Event-ID', value] as const),
    fc.tuple(fc.constantFrom('Accept', 'Accept-Encoding', 'Accept-Language', 'Origin', 'Referer', 'X-Forwarded-For', 'X-Request-Id', 'If-None-Match', 'Range', 'X-HTTP-Method-Override'), headerValue),
    fc.constantFrom<readonly [string, string]>(
      ['Accept', 'text/event-stream'], ['Accept', 'application/xml'], ['Accept-Encoding', 'gzip, br'], ['Origin', 'https://evil.example'],
      ['X-Forwarded-For', '1.2.3.4, ::1'], ['Range', 'bytes=0-1'], ['X-HTTP-Method-Override', 'DELETE'], ['Expect', '100-continue'], ['Expect', 'x-nothing'],
    ),
  ),
  { maxLength: 3 },
);

/** Host headers: loopback ones, the service's own, and names a DNS-rebinding page would use. */
export const hostHeader: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('127.0.0.1') },
  fc.constantFrom<string | null>(null, 'localhost', 'LOCALHOST:3000', '[::1]:80', '127.1.2.3', 'evil.example', '127.0.0.1.evil.example', 'localhost.', '', '[::1', '0x7f000001', '127.0.0.1:99999'),
);
