import { type ArgumentsHost, Catch, HttpException, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { ClientStreamLimitReached, StreamLimitReached } from '../../application/stream-limit-reached.js';

// Spread over 2..6 s, so that the clients turned away do not all come back in the same instant.
const retryAfterSeconds = (): number => 2 + Math.floor(Math.random() * 5);

/** The 503 of a full house, or the 429 of one client holding its share, with the Retry-After the contract promises. */
@Catch(StreamLimitReached)
export class TooManyStreamsFilter extends BaseExceptionFilter {
  override catch(error: StreamLimitReached, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfterSeconds()));
    const refusal =
      error instanceof ClientStreamLimitReached
        ? new HttpException(HttpException.createBody(error.message, 'Too Many Requests', HttpStatus.TOO_MANY_REQUESTS), HttpStatus.TOO_MANY_REQUESTS)
        : new ServiceUnavailableException(error.message);
    super.catch(refusal, host);
  }
}
