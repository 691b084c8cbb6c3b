import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const REQUEST_ID_HEADER = 'X-Request-Id';

// What proxies and tracers send (UUIDs, 32 hex digits, ULIDs): short, and nothing a log line or a header would need escaped.
const PLAIN_TOKEN = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The caller's X-Request-Id when it is a plain token, else a new UUID; always sent back, so that the caller
 * and the logs name the request alike. A hostile value is neither logged nor echoed: it is replaced.
 */
export function requestIdOf(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && PLAIN_TOKEN.test(given) ? given : randomUUID();
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
