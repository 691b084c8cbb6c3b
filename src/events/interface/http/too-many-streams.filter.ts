import { type ArgumentsHost, Catch, ServiceUnavailableException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { StreamLimitReached } from '../../application/stream-limit-reached.js';

// Spread over 2..6 s, so that the clients turned away do not all come back in the same instant.
const retryAfterSeconds = (): number => 2 + Math.floor(Math.random() * 5);

/** The 503 of a full house, with the Retry-After the contract promises. */
@Catch(StreamLimitReached)
export class TooManyStreamsFilter extends BaseExceptionFilter {
  override catch(error: StreamLimitReached, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfterSeconds()));
    super.catch(new ServiceUnavailableException(error.message), host);
  }
}
