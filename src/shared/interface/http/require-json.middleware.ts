import { Injectable, type NestMiddleware, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** A body that is not JSON is refused with 415, not parsed as empty and refused for missing fields. */
@Injectable()
export class RequireJsonMiddleware implements NestMiddleware {
  use(request: Request, _response: Response, next: NextFunction): void {
    if (!request.is('application/json')) {
      throw new UnsupportedMediaTypeException('Content-Type must be application/json');
    }
    next();
  }
}
