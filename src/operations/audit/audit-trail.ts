import { Logger } from '@nestjs/common';
import type { Express, NextFunction, Request, Response } from 'express';
import { clientKey } from '../../access/interface/http/client-key.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ID_IN_PATH = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;

/** What a write created is named only in its answer: the id its JSON body carries, noted as the answer is sent. */
const createdIds = new WeakMap<Response, string>();

/**
 * The app's res.json, once for every answer, notes the id a body carries. Once on the app's response prototype,
 * not a wrapper assigned to each response: a function stored on every response made V8 keep each request's
 * objects past two young collections (3–4 MB more promoted a collection under a write load, 8 ms scavenges).
 */
function noteCreatedIds(server: Express): void {
  const prototype = server.response;
  const json = prototype.json;
  prototype.json = function (this: Response, body?: unknown) {
    const id = typeof body === 'object' && body !== null ? Reflect.get(body, 'id') : undefined;
    if (typeof id === 'string') createdIds.set(this, id);
    return json.call(this, body);
  };
}

/**
 * One line per write, whatever became of it (refused by a guard, invalid, done): who, what, which
 * user, the status. Never a body, a token or an address of a user: ids and statuses only.
 * A middleware, not an interceptor: a global interceptor would wrap the stream's handler too, and its
 * refusals (503 while the log is away) would then come after the stream's headers instead of before.
 */
export function auditWrites(server: Express): (request: Request, response: Response, next: NextFunction) => void {
  const logger = new Logger('Audit');
  noteCreatedIds(server);
  return (request, response, next) => {
    if (!WRITES.has(request.method)) return next();
    const started = Date.now();
    const named = ID_IN_PATH.exec(request.path)?.[1];
    response.once('finish', () => {
      const affected = named ?? createdIds.get(response);
      logger.log(`${request.method} ${request.path} by ${clientKey(request)}${affected ? ` user ${affected}` : ''} → ${response.statusCode} in ${Date.now() - started} ms`);
    });
    next();
  };
}
