import { applyDecorators, type ExecutionContext, HttpException, HttpStatus, Injectable, UseGuards } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Request } from 'express';
import { clientKey } from './client-key.js';

/** The throttler's name for writes; "default" keeps its header plain Retry-After. */
export const WRITES = 'default';

/** RATE_LIMIT_WRITES per client per minute, over every write route together; 429 with Retry-After past it. */
@Injectable()
export class WriteRateLimitGuard extends ThrottlerGuard {
  protected override getTracker(request: Record<string, unknown>): Promise<string> {
    return Promise.resolve(clientKey(request as unknown as Request));
  }

  // One budget for all writes of a client, not one per route.
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override throwThrottlingException(_context: ExecutionContext, { limit }: ThrottlerLimitDetail): Promise<void> {
    const message = `too many writes: at most ${limit} a minute per client`;
    throw new HttpException(HttpException.createBody(message, 'Too Many Requests', HttpStatus.TOO_MANY_REQUESTS), HttpStatus.TOO_MANY_REQUESTS);
  }
}

/** On a write route: counts it against the client's write budget (runs after the access guard). */
export const LimitWrites = (): MethodDecorator & ClassDecorator => applyDecorators(UseGuards(WriteRateLimitGuard));
