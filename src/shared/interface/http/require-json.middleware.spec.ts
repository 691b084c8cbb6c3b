import type { IncomingMessage } from 'node:http';
import { unreadableBody } from './require-json.middleware.js';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('unreadableBody', () => {
  it.each([
    ['plain JSON', { 'content-type': 'application/json' }],
    ['a UTF-8 charset, quoted and in capitals', { 'content-type': 'Application/JSON ; Charset="UTF-8"' }],
    ['Content-Encoding identity', { 'content-type': 'application/json', 'content-encoding': 'Identity' }],
  ])('reads %s', (_, headers) => {
    expect(unreadableBody(request(headers))).toBeNull();
  });

  it.each([
    ['no Content-Type', {}, 'Content-Type must be application/json'],
    ['text/plain', { 'content-type': 'text/plain' }, 'Content-Type must be application/json'],
    ['a JSON-like type', { 'content-type': 'application/jsonx' }, 'Content-Type must be application/json'],
    ['another charset', { 'content-type': 'application/json; charset=latin1' }, 'charset latin1 is not supported: send UTF-8'],
    ['a second charset after UTF-8', { 'content-type': 'application/json; charset=utf-8; charset=utf-16' }, 'charset utf-16 is not supported: send UTF-8'],
    ['gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'Content-Encoding gzip is not supported: send the body uncompressed'],
  ])('refuses %s, saying why', (_, headers, why) => {
    expect(unreadableBody(request(headers))).toBe(why);
  });
});
