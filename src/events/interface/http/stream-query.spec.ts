import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { parseStreamRequest } from './stream-query.js';
import { KNOWN_EVENTS } from '../../application/known-events.js';

const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof BadRequestException) return error.message;
    throw error;
  }
  throw new Error('expected a BadRequestException');
};

const responseOf = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    if (error instanceof BadRequestException) return error.getResponse();
    throw error;
  }
  throw new Error('expected a BadRequestException');
};

describe('parseStreamRequest', () => {
  it('asks for every type from the head when nothing is given', () => {
    expect(parseStreamRequest({}, undefined)).toEqual({ types: null, lastEventId: null });
  });

  it('reads the Last-Event-ID header', () => {
    expect(parseStreamRequest({}, '41').lastEventId).toBe(41n);
  });

  it('reads the lastEventId query parameter when there is no header', () => {
    expect(parseStreamRequest({ lastEventId: '41' }, undefined).lastEventId).toBe(41n);
  });

  it('lets the header win over the query parameter', () => {
    expect(parseStreamRequest({ lastEventId: '3' }, '7').lastEventId).toBe(7n);
  });

  it('accepts 0 and integers past the largest safe number exactly', () => {
    expect(parseStreamRequest({}, '0').lastEventId).toBe(0n);
    expect(parseStreamRequest({}, '9007199254740993').lastEventId).toBe(9_007_199_254_740_993n);
    expect(parseStreamRequest({ lastEventId: '99999999999999999999' }, undefined).lastEventId).toBe(99_999_999_999_999_999_999n);
  });

  it.each([
    ['-1', '-1'],
    ['1.5', '1.5'],
    ['abc', 'abc'],
    ['an empty string', ''],
    ['hex', '0x10'],
    ['an exponent', '1e3'],
  ])('rejects %s as a Last-Event-ID header', (_, header) => {
    expect(() => parseStreamRequest({}, header)).toThrow(BadRequestException);
  });

  it.each([
    ['-1', '-1'],
    ['abc', 'abc'],
    ['an empty string', ''],
    ['a repeated parameter', ['1', '2']],
  ])('rejects %s as a lastEventId query parameter', (_, lastEventId) => {
    expect(() => parseStreamRequest({ lastEventId }, undefined)).toThrow(BadRequestException);
  });

  it('rejects a bad header even when the query parameter is good', () => {
    expect(() => parseStreamRequest({ lastEventId: '3' }, 'abc')).toThrow(BadRequestException);
  });

  it('parses the types into a set', () => {
    const { types } = parseStreamRequest({ types: 'user.created,user.deleted' }, undefined);
    expect(types).toBeInstanceOf(Set);
    expect([...(types ?? [])].sort()).toEqual(['user.created', 'user.deleted']);
  });

  it('trims the types around the commas', () => {
    const { types } = parseStreamRequest({ types: ' user.renamed , user.created' }, undefined);
    expect(types).toEqual(new Set(['user.renamed', 'user.created']));
  });

  it('rejects an unknown type, naming it', () => {
    const message = messageOf(() => parseStreamRequest({ types: 'user.created,user.exploded' }, undefined));
    expect(message).toContain('user.exploded');
  });

  it('accepts every type the registry knows, and lists them all when refusing one', () => {
    expect(parseStreamRequest({ types: KNOWN_EVENTS.types.join(',') }, undefined).types).toEqual(new Set(KNOWN_EVENTS.types));
    expect(messageOf(() => parseStreamRequest({ types: 'user.exploded' }, undefined))).toContain(`known: ${KNOWN_EVENTS.types.join(', ')}`);
  });

  it('reads a repeated types parameter as one list', () => {
    expect(parseStreamRequest({ types: ['user.created', 'user.deleted,user.renamed'] }, undefined).types).toEqual(
      new Set(['user.created', 'user.deleted', 'user.renamed']),
    );
  });

  it('rejects a types parameter that is not text', () => {
    expect(() => parseStreamRequest({ types: { a: 'user.created' } }, undefined)).toThrow(BadRequestException);
  });

  it.each(['foo', 'toString', 'constructor', '__proto__', 'hasOwnProperty', 'lasteventid'])('rejects the unknown parameter %s, naming it', (name) => {
    // Express's query parser builds an object without a prototype, so __proto__ is a key like any other.
    const query: Record<string, unknown> = Object.assign(Object.create(null) as object, { types: 'user.created', [name]: '1' });
    expect(responseOf(() => parseStreamRequest(query, undefined))).toMatchObject({ message: [`property ${name} should not exist`] });
  });

  it('rejects an empty types parameter', () => {
    expect(() => parseStreamRequest({ types: '' }, undefined)).toThrow(BadRequestException);
  });
});
