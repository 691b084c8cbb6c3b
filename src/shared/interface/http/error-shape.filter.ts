import { type ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { STATUS_CODES } from 'node:http';

// body-parser's errors by their type, in words that say what to fix.
const BODY_MESSAGES: Readonly<Record<string, string>> = {
  'entity.parse.failed': 'body is not valid JSON',
  'entity.too.large': 'body is larger than 16 KiB',
};

function bodyParserType(cause: unknown): string {
  const type: unknown = cause instanceof Error ? Reflect.get(cause, 'type') : undefined;
  return typeof type === 'string' ? type : '';
}

/**
 * One error shape for every answer: {statusCode, message, error}, and a 400's message a list of
 * strings, as the validation pipe gives it. Nest hands body-parser's and Express's errors on as a bare
 * message ({statusCode, message}), and ParseUUIDPipe or a hand-thrown 400 carries a single string.
 */
export function inNestShape(exception: HttpException): HttpException {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const given: Record<string, unknown> = typeof response === 'string' ? { statusCode: status, message: response, error: STATUS_CODES[status] } : { ...response };
  const message = BODY_MESSAGES[bodyParserType(exception.cause)] ?? given.message;
  const listed = status === 400 && typeof message === 'string' ? [message] : message;
  if (typeof response !== 'string' && listed === given.message) return exception;
  return new HttpException({ ...given, message: listed }, status, { cause: exception.cause });
}

@Catch(HttpException)
export class ErrorShapeFilter extends BaseExceptionFilter {
  override catch(exception: HttpException, host: ArgumentsHost): void {
    super.catch(inNestShape(exception), host);
  }
}
