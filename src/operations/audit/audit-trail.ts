import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { clientKey } from '../../access/interface/http/client-key.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ID_IN_PATH = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;

/**
 * One line per write, whatever became of it (refused by a guard, invalid, done): who, what, which
 * user, the status. Never a body, a token or an address of a user: ids and statuses only.
 * A middleware, not an interceptor: a global interceptor would wrap the stream's handler too, and its
 * refusals (503 while the log is away) would then come after the stream's headers instead of before.
 */
export function auditWrites(): (request: Request, response: Response, next: NextFunction) => void {
  const logger = new Logger('Audit');
  return (request, response, next) => {
    if (!WRITES.has(request.method)) return next();
    const started = Date.now();
    let affected = ID_IN_PATH.exec(request.path)?.[1];
    // What a write created is named only in its answer.
    const json = response.json.bind(response);
    response.json = (body: unknown) => {
      const id = typeof body === 'object' && body !== null ? Reflect.get(body, 'id') : undefined;
      if (typeof id === 'string') affected ??= id;
      return json(body);
    };
    response.once('finish', () => {
      logger.log(`${request.method} ${request.path} by ${clientKey(request)}${affected ? ` user ${affected}` : ''} → ${response.statusCode} in ${Date.now() - started} ms`);
    });
    next();
  };
}
