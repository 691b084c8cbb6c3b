import { type CallHandler, type ExecutionContext, Injectable, Logger, type NestInterceptor } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { type Observable, tap } from 'rxjs';
import { clientKey } from '../../access/interface/http/client-key.js';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const AFFECTED = 'heraldAffectedId';
const ID_IN_PATH = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/|$)/i;

/**
 * One line per write, whatever became of it (refused by a guard, invalid, done): who, what, which
 * user, the status. Never a body, a token or an address of a user: ids and statuses only.
 */
export function auditWrites(): (request: Request, response: Response, next: NextFunction) => void {
  const logger = new Logger('Audit');
  return (request, response, next) => {
    if (!WRITES.has(request.method)) return next();
    const started = Date.now();
    response.once('finish', () => {
      const affected = (response.locals[AFFECTED] as string | undefined) ?? ID_IN_PATH.exec(request.path)?.[1];
      logger.log(
        `${request.method} ${request.path} by ${clientKey(request)}${affected ? ` user ${affected}` : ''} → ${response.statusCode} in ${Date.now() - started} ms`,
      );
    });
    next();
  };
}

/** Notes the id of what a write created, for the audit line: the path does not hold it yet. */
@Injectable()
export class NoteAffectedId implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      tap((result: unknown) => {
        const id = typeof result === 'object' && result !== null ? Reflect.get(result, 'id') : undefined;
        if (typeof id === 'string') response.locals[AFFECTED] = id;
      }),
    );
  }
}
