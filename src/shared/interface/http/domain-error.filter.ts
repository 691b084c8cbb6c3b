import {
  type ArgumentsHost,
  BadRequestException,
  Catch,
  ConflictException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { DomainError } from '../../domain/domain-error.js';
import { inNestShape } from './error-shape.filter.js';

const toHttp = {
  invalid: BadRequestException,
  'not-found': NotFoundException,
  conflict: ConflictException,
  unavailable: ServiceUnavailableException,
} as const;

@Catch(DomainError)
export class DomainErrorFilter extends BaseExceptionFilter {
  override catch(error: DomainError, host: ArgumentsHost): void {
    super.catch(inNestShape(new toHttp[error.kind](error.message)), host);
  }
}
