import { logFormat } from './log-destination.js';

describe('logFormat', () => {
  const terminal = { isTTY: true };
  const pipe = { isTTY: false };

  it('is pretty for a person at a terminal outside production, JSON for a pipe, a file or production', () => {
    expect(logFormat(null, terminal, undefined)).toBe('pretty');
    expect(logFormat(null, terminal, 'development')).toBe('pretty');
    expect(logFormat(null, terminal, 'production')).toBe('json');
    expect(logFormat(null, pipe, undefined)).toBe('json');
    expect(logFormat(null, {}, undefined)).toBe('json');
  });

  it('is what LOG_FORMAT says when it is set', () => {
    expect(logFormat('json', terminal, undefined)).toBe('json');
    expect(logFormat('pretty', pipe, 'production')).toBe('pretty');
  });
});
