import { type ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { STATUS_CODES } from 'node:http';

const messages: Record<string, string> = {
  'entity.parse.failed': 'body is not valid JSON',
  'entity.too.large': 'body is larger than 16 KiB',
  'charset.unsupported': 'body charset is not supported',
  'encoding.unsupported': 'body encoding is not supported',
};

function bodyParserType(cause: unknown): string | null {
  const type: unknown = cause instanceof Error ? Reflect.get(cause, 'type') : undefined;
  return typeof type === 'string' ? type : null;
}

/**
 * Nest hands body-parser's errors on as bare HttpExceptions ({statusCode, message}); this gives them
 * the full error shape, with "error" named, and a message that says what to fix.
 */
@Catch(HttpException)
export class BodyParserErrorFilter extends BaseExceptionFilter {
  override catch(error: HttpException, host: ArgumentsHost): void {
    const type = bodyParserType(error.cause);
    if (type === null) return super.catch(error, host);
    const status = error.getStatus();
    const body = HttpException.createBody(messages[type] ?? error.message, STATUS_CODES[status] ?? 'Error', status);
    super.catch(new HttpException(body, status, { cause: error.cause }), host);
  }
}
