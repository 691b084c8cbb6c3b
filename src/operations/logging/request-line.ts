import type { Request, Response } from 'express';
import { clientKey } from '../../access/interface/http/client-key.js';

/**
 * The route template (/users/:id), never the raw URL; a request no route took (unknown path, refused before routing)
 * is 'unmatched'. A wildcard is a middleware's mount (nestjs-pino's {/*splat}), not a route: no route of ours has one.
 */
export function routeOf(request: Request): string {
  const path: unknown = request.route?.path;
  return typeof path === 'string' && !path.includes('*') ? `${request.baseUrl}${path}` : 'unmatched';
}

// A path of this shape cannot hold an email, a token or anything that needs escaping; any other is not logged.
const PLAIN_PATH = /^[A-Za-z0-9/._~-]{0,200}$/;

/** What one request leaves in the log: no query string, header, cookie or body, so no token and no email. */
export function requestLine(request: Request, response: Response, durationMs: number): Record<string, unknown> {
  const path = (request.originalUrl ?? request.url).split('?', 1)[0] ?? '';
  return {
    method: request.method,
    route: routeOf(request),
    path: PLAIN_PATH.test(path) ? path : '(not logged)',
    status: response.statusCode,
    durationMs,
    client: clientKey(request),
  };
}
