import { type ArgumentsHost, Catch, ServiceUnavailableException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';

export class TooManyStreams extends ServiceUnavailableException {
  constructor(readonly retryAfterSeconds: number) {
    super('too many open event streams, retry later');
  }
}

@Catch(TooManyStreams)
export class TooManyStreamsFilter extends BaseExceptionFilter {
  override catch(error: TooManyStreams, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(error.retryAfterSeconds));
    super.catch(error, host);
  }
}
