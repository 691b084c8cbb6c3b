import 'reflect-metadata';
import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { inNestShape } from './error-shape.filter.js';

/** An error as body-parser raises it (http-errors), which Nest wraps in a bare HttpException. */
const bodyParserError = (status: number, message: string, type?: string): HttpException =>
  new HttpException(message, status, { cause: Object.assign(new Error(message), { status, type }) });

describe('inNestShape', () => {
  it('gives a bare body-parser 400 the full shape, its message as a list in words that say what to fix', () => {
    const shaped = inNestShape(bodyParserError(400, 'Unexpected end of JSON input', 'entity.parse.failed'));
    expect(shaped.getStatus()).toBe(400);
    expect(shaped.getResponse()).toEqual({ statusCode: 400, message: ['body is not valid JSON'], error: 'Bad Request' });
  });

  it('gives a bare 400 of unknown origin the full shape with its own message', () => {
    expect(inNestShape(bodyParserError(400, 'incorrect header check')).getResponse()).toEqual({
      statusCode: 400,
      message: ['incorrect header check'],
      error: 'Bad Request',
    });
  });

  it('keeps the message of another status a string', () => {
    expect(inNestShape(bodyParserError(413, 'request entity too large', 'entity.too.large')).getResponse()).toEqual({
      statusCode: 413,
      message: 'body is larger than 16 KiB',
      error: 'Payload Too Large',
    });
  });

  it('lists the single message of a 400', () => {
    expect(inNestShape(new BadRequestException('id must be a UUID')).getResponse()).toEqual({
      statusCode: 400,
      message: ['id must be a UUID'],
      error: 'Bad Request',
    });
  });

  it('leaves an answer already in shape as it is', () => {
    const listed = new BadRequestException(['name must be shorter']);
    const notFound = new NotFoundException('user not found');
    expect(inNestShape(listed)).toBe(listed);
    expect(inNestShape(notFound)).toBe(notFound);
  });
});
