import fc from 'fast-check';
import { type BodyEnvelope, type BodyRecipe, bodyBytes, bodyEnvelope, bodyText, createBody, renameBody, strayBody } from './hostile-bodies.js';
import { type AuthorizationRecipe, authorization, type CookieRecipe, cookie, extraHeaders, hostHeader, lastEventIdText } from './hostile-headers.js';
import { eventsQuery, type IdRecipe, idRecipe, idSegment, type Known, type QueryPart, queryString, strayQuery, usersQuery } from './hostile-paths.js';
import { mayGrant, mint, type Scope, SCOPES, type TokenRecipe } from './hostile-tokens.js';

/** The routes of the contract, and requests that match none of them. */
export const ROUTES = [
  'POST /users', 'GET /users', 'GET /users/:id', 'PATCH /users/:id', 'DELETE /users/:id', 'GET /events', 'GET /metrics', 'GET /health',
  'GET /health/live', 'GET /health/ready', 'POST /auth/session', 'DELETE /auth/session', 'GET /', 'GET /docs-json', 'GET /asyncapi.json', 'unknown',
] as const;
export type Route = (typeof ROUTES)[number];

/** The scope each guarded route needs under AUTH_MODE=jwt (the contract's Access table). */
export const SCOPE_OF: Partial<Record<Route, Scope>> = {
  'GET /users': 'users:read', 'GET /users/:id': 'users:read', 'POST /users': 'users:write', 'PATCH /users/:id': 'users:write',
  'DELETE /users/:id': 'users:write', 'GET /events': 'events:read', 'GET /metrics': 'metrics:read', 'GET /health': 'metrics:read',
};

export const isWrite = (route: Route): boolean => route === 'POST /users' || route === 'PATCH /users/:id' || route === 'DELETE /users/:id';

/** A generated request, symbolic: it names users and cursors by index and mints its tokens when sent. */
export interface HostileRequest {
  readonly route: Route;
  readonly method: string;
  /** The path as on the wire, with ":id" where the id segment goes. */
  readonly path: string;
  readonly id: IdRecipe | null;
  readonly query: readonly QueryPart[];
  readonly authorization: AuthorizationRecipe | null;
  readonly cookie: CookieRecipe | null;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: BodyRecipe;
  readonly envelope: BodyEnvelope;
  /** null: no Host header at all. */
  readonly host: string | null;
}

/** The request as it goes on the wire, and what its credentials may grant. */
export interface WireRequest {
  readonly route: Route;
  readonly method: string;
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: Buffer;
  /** Scopes any token the request carries could grant (for a write, only its Authorization header counts). */
  readonly mayGrant: ReadonlySet<Scope>;
}

const UNKNOWN: readonly (readonly [string, string])[] = [
  ['PUT', '/users'], ['DELETE', '/users'], ['PATCH', '/users'], ['POST', '/users/:id'], ['PUT', '/users/:id'], ['GET', '/users/:id/x'], ['GET', '/USERS'],
  ['GET', '//users'], ['GET', '/%75sers'], ['GET', '/users%2F:id'], ['POST', '/events'], ['GET', '/events/x'], ['GET', '/Events'], ['GET', '/health/x'],
  ['GET', '/docs-json/x'], ['GET', '/nope'], ['GET', '/..%2Fpackage.json'], ['GET', '/%2e%2e/package.json'], ['GET', '/auth/session'], ['PUT', '/auth/session'],
  ['TRACE', '/users'], ['PROPFIND', '/'], ['GET', '/metrics/'], ['GET', '/users;x'], ['get', '/users'], ['OPTIONS', '*'],
  ['GET', 'http://evil.example/users'], ['GET', 'http://127.0.0.1/users/:id'], ['GET', '/users//:id'], ['GET', `/${'x'.repeat(9_000)}`],
];

const FIXED: Readonly<Record<Exclude<Route, 'unknown'>, readonly [string, string]>> = {
  'POST /users': ['POST', '/users'], 'GET /users': ['GET', '/users'], 'GET /users/:id': ['GET', '/users/:id'], 'PATCH /users/:id': ['PATCH', '/users/:id'],
  'DELETE /users/:id': ['DELETE', '/users/:id'], 'GET /events': ['GET', '/events'], 'GET /metrics': ['GET', '/metrics'], 'GET /health': ['GET', '/health'],
  'GET /health/live': ['GET', '/health/live'], 'GET /health/ready': ['GET', '/health/ready'], 'POST /auth/session': ['POST', '/auth/session'],
  'DELETE /auth/session': ['DELETE', '/auth/session'], 'GET /': ['GET', '/'], 'GET /docs-json': ['GET', '/docs-json'], 'GET /asyncapi.json': ['GET', '/asyncapi.json'],
};

const bodyFor = (route: Route): fc.Arbitrary<BodyRecipe> => (route === 'POST /users' ? createBody : route === 'PATCH /users/:id' ? renameBody : strayBody);
const queryFor = (route: Route): fc.Arbitrary<readonly QueryPart[]> => (route === 'GET /users' ? usersQuery : route === 'GET /events' ? eventsQuery : strayQuery);
const headersFor = (route: Route) =>
  route === 'GET /events'
    ? fc.tuple(fc.option(lastEventIdText, { freq: 2, nil: null }), extraHeaders).map(([id, rest]) => (id === null ? rest : [['Last-Event-ID', id] as const, ...rest]))
    : extraHeaders;

/** Requests to one route (or, for "unknown", to none), with every part of them hostile in some runs. */
export function requestTo(route: Route, { varyHost }: { readonly varyHost: boolean }): fc.Arbitrary<HostileRequest> {
  const target = route === 'unknown' ? fc.constantFrom(...UNKNOWN) : fc.constant(FIXED[route]);
  return fc.record({
    route: fc.constant(route),
    target,
    id: idRecipe,
    query: fc.oneof({ weight: route === 'GET /users' || route === 'GET /events' ? 1 : 4, arbitrary: fc.constant([]) }, queryFor(route)),
    authorization: fc.option(authorization, { freq: 8, nil: null }),
    cookie: fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 3, arbitrary: cookie }),
    headers: headersFor(route),
    body: bodyFor(route),
    envelope: bodyEnvelope,
    host: varyHost ? hostHeader : fc.constant('127.0.0.1'),
  }).map(({ target: [method, path], id, ...rest }) => ({ ...rest, method, path, id: path.includes(':id') ? id : null }));
}

function authorizationHeaders(recipe: AuthorizationRecipe | null): [string, string][] {
  if (recipe === null) return [];
  const first: [string, string] = ['Authorization', `${recipe.prefix}${mint(recipe.token)}${recipe.suffix}`];
  return recipe.second === null ? [first] : [first, ['Authorization', `Bearer ${mint(recipe.second)}`]];
}

function cookieHeader(recipe: CookieRecipe | null): [string, string][] {
  if (recipe === null) return [];
  if (recipe.kind === 'text') return [['Cookie', recipe.text]];
  return [['Cookie', `${recipe.before}herald_session=${recipe.quote}${mint(recipe.token)}${recipe.quote}${recipe.after}`]];
}

function grantsOf(request: HostileRequest, tokensAreChecked: boolean): ReadonlySet<Scope> {
  if (!tokensAreChecked) return new Set(SCOPES);
  const tokens: TokenRecipe[] = [];
  if (request.authorization) tokens.push(request.authorization.token, ...(request.authorization.second ? [request.authorization.second] : []));
  if (request.cookie?.kind === 'session' && request.method === 'GET') tokens.push(request.cookie.token);
  return new Set(tokens.flatMap((token) => [...mayGrant(token)]));
}

/** Mints the tokens and looks up what the request names in `known`: the request as the service will see it. */
export function toWire(request: HostileRequest, known: Known, tokensAreChecked: boolean): WireRequest {
  const path = request.id === null ? request.path : request.path.replace(':id', idSegment(request.id, known));
  const text = bodyText(request.body, known.emails);
  const body = text === null ? Buffer.alloc(0) : bodyBytes(text, request.envelope);
  const { contentType, contentEncoding, chunked } = request.envelope;
  const headers: [string, string][] = [
    ...(request.host === null ? [] : [['Host', request.host] as [string, string]]),
    ...authorizationHeaders(request.authorization),
    ...cookieHeader(request.cookie),
    ...(contentType === null ? [] : [['Content-Type', contentType] as [string, string]]),
    ...(text !== null && contentEncoding !== null ? [['Content-Encoding', contentEncoding] as [string, string]] : []),
    ...(text === null ? [] : chunked ? [['Transfer-Encoding', 'chunked'] as [string, string]] : [['Content-Length', String(body.length)] as [string, string]]),
    ...request.headers.map(([name, value]) => [name, value] as [string, string]),
  ];
  return {
    route: request.route,
    method: request.method,
    target: `${path}${queryString(request.query, known)}`,
    headers,
    body: text !== null && chunked ? frameChunked(body) : body,
    mayGrant: grantsOf(request, tokensAreChecked),
  };
}

/** Chunked framing, in chunks of up to 1000 bytes. */
function frameChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += 1000) {
    const chunk = body.subarray(at, at + 1000);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
  }
  return Buffer.concat([...parts, Buffer.from('0\r\n\r\n')]);
}
