import { STATUS_CODES } from 'node:http';
import { SCOPE_OF, type WireRequest } from '../support/hostile-requests.js';
import type { WireAnswer } from './wire.js';

// The API documents describe the email field; they hold no one's email.
const DESCRIBES_EMAIL: ReadonlySet<string> = new Set(['GET /docs-json', 'GET /asyncapi.json']);

const says = (value: unknown): boolean => typeof value === 'string' && value.length > 0;

/** Where in a JSON value a key named `email` sits ("$.items[0].email"), or null. */
export function emailKeyIn(value: unknown, at = '$'): string | null {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = emailKeyIn(item, `${at}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key === 'email') return `${at}.email`;
    const found = emailKeyIn(item, `${at}.${key}`);
    if (found) return found;
  }
  return null;
}

/** Why a 4xx is not in Nest's shape ({statusCode, message, error}, message a non-empty string or list of them), or null. */
function nestShapeProblem(answer: WireAnswer): string | null {
  const type = answer.headers.get('content-type') ?? '(none)';
  if (!/^application\/json; charset=utf-8$/i.test(type)) return `Content-Type is ${type}`;
  let body: unknown;
  try {
    body = JSON.parse(answer.body.toString('utf8'));
  } catch {
    return 'the body is not JSON';
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the body is not an object';
  const { statusCode, message, error, ...rest } = body as Record<string, unknown>;
  if (statusCode !== answer.status) return `statusCode is ${JSON.stringify(statusCode)}`;
  if (error !== STATUS_CODES[answer.status]) return `error is ${JSON.stringify(error)}`;
  if (!(says(message) || (Array.isArray(message) && message.length > 0 && message.every(says)))) return `message is ${JSON.stringify(message)}`;
  if (Object.keys(rest).length > 0) return `it has other fields: ${Object.keys(rest).join(', ')}`;
  return null;
}

/**
 * What is wrong with one answer on its own: a 5xx; a 4xx not in Nest's shape; a 401 without WWW-Authenticate: Bearer;
 * a guarded route answered 2xx to a request none of whose tokens grants its scope; an email in a 2xx JSON answer to a
 * request none of whose tokens grants users:read (the OpenAPI document names the field; it holds no address).
 */
export function answerProblems(request: WireRequest, answer: WireAnswer, tokensAreChecked: boolean): string[] {
  const problems: string[] = [];
  const { status } = answer;
  if (status >= 500) problems.push(`answered ${status}: ${answer.body.toString('utf8').slice(0, 300)}`);
  if (status >= 400 && status < 500) {
    const problem = nestShapeProblem(answer);
    if (problem) problems.push(`answered ${status} not in Nest's error shape (${problem}): ${JSON.stringify(answer.body.toString('utf8').slice(0, 300))}`);
  }
  if (status === 401 && !/^Bearer\b/.test(answer.headers.get('www-authenticate') ?? '')) problems.push('answered 401 without WWW-Authenticate: Bearer');
  const success = status >= 200 && status < 300;
  const scope = SCOPE_OF[request.route];
  if (tokensAreChecked && success && scope !== undefined && !request.mayGrant.has(scope)) {
    problems.push(`answered ${status} to ${request.route} with no token granting ${scope}`);
  }
  const json = /^application\/json/i.test(answer.headers.get('content-type') ?? '');
  if (success && json && !request.mayGrant.has('users:read') && !DESCRIBES_EMAIL.has(request.route)) {
    let body: unknown = null;
    try {
      body = JSON.parse(answer.body.toString('utf8'));
    } catch {
      problems.push(`answered ${status} with a body that is not JSON`);
    }
    const at = emailKeyIn(body);
    if (at) problems.push(`answered ${status} with ${at} to a request with no token granting users:read`);
  }
  return problems;
}
