import 'reflect-metadata';
import { validateEnvironment } from './environment.js';

const messageOf = (raw: Record<string, unknown>): string => {
  try {
    validateEnvironment(raw);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the environment to be refused');
};

describe('validateEnvironment', () => {
  it('fills in the contract defaults when nothing is set', () => {
    const environment = validateEnvironment({});
    expect(environment.DATABASE_URL).toBeUndefined();
    expect(environment.REDIS_URL).toBeUndefined();
    expect(environment).toMatchObject({
      PORT: 3000,
      DATA_DIR: './data',
      SSE_HEARTBEAT_MS: 15_000,
      SSE_RETRY_MS: 3_000,
      SSE_REPLAY_LIMIT: 10_000,
      SSE_MAX_BUFFER_BYTES: 1_048_576,
      SSE_MAX_CONNECTIONS: 10_000,
      LOG_LEVEL: 'log',
    });
  });

  it('takes a log level by name and refuses any other', () => {
    expect(validateEnvironment({ LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
    expect(messageOf({ LOG_LEVEL: 'loud' })).toContain('LOG_LEVEL="loud": LOG_LEVEL must be one of: error, warn, log, debug, verbose');
  });

  it('treats an empty variable as unset', () => {
    const environment = validateEnvironment({ PORT: '', SSE_RETRY_MS: '', DATABASE_URL: '' });
    expect(environment).toMatchObject({ PORT: 3000, SSE_RETRY_MS: 3_000 });
    expect(environment.DATABASE_URL).toBeUndefined();
  });

  it('reads numbers from strings and keeps the URLs', () => {
    expect(
      validateEnvironment({
        PORT: '8080',
        DATABASE_URL: 'postgres://herald@db:5432/herald',
        DATA_DIR: '/var/lib/herald',
        REDIS_URL: 'rediss://cache:6380',
        SSE_HEARTBEAT_MS: '500',
        SSE_RETRY_MS: '0',
        SSE_REPLAY_LIMIT: '25',
        SSE_MAX_BUFFER_BYTES: '2048',
        SSE_MAX_CONNECTIONS: '3',
      }),
    ).toMatchObject({
      PORT: 8080,
      DATABASE_URL: 'postgres://herald@db:5432/herald',
      DATA_DIR: '/var/lib/herald',
      REDIS_URL: 'rediss://cache:6380',
      SSE_HEARTBEAT_MS: 500,
      SSE_RETRY_MS: 0,
      SSE_REPLAY_LIMIT: 25,
      SSE_MAX_BUFFER_BYTES: 2048,
      SSE_MAX_CONNECTIONS: 3,
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '1.5'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['DATABASE_URL', 'mysql://db/herald'],
    ['DATABASE_URL', 'postgres://'],
    ['DATA_DIR', '   '],
    ['REDIS_URL', 'http://cache:6379'],
    ['SSE_HEARTBEAT_MS', '9'],
    ['SSE_HEARTBEAT_MS', 'soon'],
    ['SSE_RETRY_MS', '-5'],
    ['SSE_REPLAY_LIMIT', '10000001'],
    ['SSE_MAX_BUFFER_BYTES', '1023'],
    ['SSE_MAX_CONNECTIONS', '0'],
    ['SSE_MAX_CONNECTIONS', 'true'],
    ['PORT', '  '],
    ['PORT', '0x50'],
    ['SSE_RETRY_MS', ' '],
    ['SSE_REPLAY_LIMIT', '1e3'],
  ])('refuses %s=%p and names the variable', (name, value) => {
    const message = messageOf({ [name]: value });
    expect(message).toContain('Invalid configuration');
    expect(message).toContain(`${name}=${JSON.stringify(value)}`);
  });

  it('names every bad variable at once, and only those', () => {
    const message = messageOf({ PORT: 'abc', SSE_REPLAY_LIMIT: '-1', SSE_RETRY_MS: '100' });
    expect(message).toContain('PORT=');
    expect(message).toContain('SSE_REPLAY_LIMIT=');
    expect(message).not.toContain('SSE_RETRY_MS');
  });
});
