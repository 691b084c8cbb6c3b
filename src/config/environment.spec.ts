import 'reflect-metadata';
import { AppConfig } from './app-config.js';
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
      SSE_WRITER: 'nest',
      LOG_LEVEL: 'log',
    });
  });

  it('takes a log level by name and refuses any other', () => {
    expect(validateEnvironment({ LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
    expect(messageOf({ LOG_LEVEL: 'loud' })).toContain('LOG_LEVEL="loud": LOG_LEVEL must be one of: error, warn, log, debug, verbose');
  });

  it('takes a log format by name, leaves it to start-up when unset, and refuses any other', () => {
    expect(validateEnvironment({ LOG_FORMAT: 'json' }).LOG_FORMAT).toBe('json');
    expect(validateEnvironment({}).LOG_FORMAT).toBeUndefined();
    expect(messageOf({ LOG_FORMAT: 'xml' })).toContain('LOG_FORMAT="xml": LOG_FORMAT must be unset or one of: json, pretty');
  });

  it('takes a stream writer by name and refuses any other', () => {
    expect(validateEnvironment({ SSE_WRITER: 'direct' }).SSE_WRITER).toBe('direct');
    expect(validateEnvironment({ SSE_WRITER: '' }).SSE_WRITER).toBe('nest');
    expect(messageOf({ SSE_WRITER: 'fast' })).toContain('SSE_WRITER="fast": SSE_WRITER must be unset or one of: nest, direct');
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
    ['SSE_MAX_CONNECTIONS_PER_CLIENT', '0'],
    ['SSE_WRITER', 'Direct'],
    ['HOST', 'not a host'],
    ['EVENT_BROKER', 'kafka'],
    ['EVENT_BROKER', 'Redis'],
    ['AUTH_MODE', 'none'],
    ['AUTH_MODE', 'JWT'],
    ['AUTH_SECRET', 'too-short'],
    ['AUTH_JWKS_URL', 'keys.example.com'],
    ['RATE_LIMIT_WRITES', '-1'],
    ['RATE_LIMIT_WRITES', 'lots'],
    ['TRUST_PROXY', 'a;b'],
    ['CORS_ORIGINS', 'https://a.example, ,https://b.example'],
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

  it('takes the access and limit settings', () => {
    expect(
      validateEnvironment({
        HOST: '0.0.0.0',
        AUTH_MODE: 'jwt',
        AUTH_SECRET: 'x'.repeat(32),
        AUTH_ISSUER: 'https://issuer.example',
        RATE_LIMIT_WRITES: '0',
        TRUST_PROXY: 'loopback, 10.0.0.0/8',
        CORS_ORIGINS: 'https://a.example, http://localhost:5173',
      }),
    ).toMatchObject({ HOST: '0.0.0.0', AUTH_MODE: 'jwt', RATE_LIMIT_WRITES: 0, SSE_MAX_CONNECTIONS_PER_CLIENT: 50 });
  });

  it('refuses an origin that has a path, naming CORS_ORIGINS', () => {
    expect(messageOf({ CORS_ORIGINS: 'https://a.example/app' })).toContain(
      'CORS_ORIGINS="https://a.example/app": "https://a.example/app" is not an origin',
    );
  });

  it('listens on loopback only while AUTH_MODE is unset, and names AUTH_MODE when HOST is not', () => {
    expect(validateEnvironment({ HOST: '127.0.0.2' }).HOST).toBe('127.0.0.2');
    expect(validateEnvironment({ HOST: '::1' }).HOST).toBe('::1');
    expect(messageOf({ HOST: '0.0.0.0' })).toContain('AUTH_MODE');
    expect(validateEnvironment({ HOST: '0.0.0.0', AUTH_MODE: 'off' }).AUTH_MODE).toBe('off');
  });

  it('needs exactly one key source with AUTH_MODE=jwt', () => {
    expect(messageOf({ AUTH_MODE: 'jwt' })).toContain('AUTH_SECRET / AUTH_JWKS_URL');
    expect(messageOf({ AUTH_MODE: 'jwt', AUTH_SECRET: 'x'.repeat(32), AUTH_JWKS_URL: 'https://keys.example/jwks.json' })).toContain(
      'AUTH_SECRET / AUTH_JWKS_URL',
    );
    expect(validateEnvironment({ AUTH_MODE: 'jwt', AUTH_JWKS_URL: 'http://127.0.0.1:9999/jwks.json' }).AUTH_JWKS_URL).toBeDefined();
  });

  describe('EVENT_BROKER', () => {
    const brokerOf = (raw: Record<string, unknown>) => new AppConfig(validateEnvironment(raw)).broker;
    const DATABASE_URL = 'postgres://herald@db:5432/herald';
    const REDIS_URL = 'redis://cache:6379';

    it('defaults to Redis when REDIS_URL is set, else to PostgreSQL when DATABASE_URL is, else to this process alone', () => {
      expect(brokerOf({ DATABASE_URL, REDIS_URL })).toEqual({ kind: 'redis', url: REDIS_URL });
      expect(brokerOf({ DATABASE_URL })).toEqual({ kind: 'postgres', url: DATABASE_URL });
      expect(brokerOf({})).toEqual({ kind: 'memory' });
      expect(brokerOf({ DATABASE_URL, EVENT_BROKER: '' })).toEqual({ kind: 'postgres', url: DATABASE_URL });
    });

    it('takes the broker named, over the default', () => {
      expect(brokerOf({ DATABASE_URL, REDIS_URL, EVENT_BROKER: 'postgres' })).toEqual({ kind: 'postgres', url: DATABASE_URL });
      expect(brokerOf({ DATABASE_URL, EVENT_BROKER: 'memory' })).toEqual({ kind: 'memory' });
      expect(brokerOf({ REDIS_URL, EVENT_BROKER: 'redis' })).toEqual({ kind: 'redis', url: REDIS_URL });
    });

    it('refuses a broker without the server it goes through, naming EVENT_BROKER and what is missing', () => {
      expect(messageOf({ DATABASE_URL, EVENT_BROKER: 'redis' })).toContain('EVENT_BROKER="redis": needs REDIS_URL');
      expect(messageOf({ REDIS_URL, EVENT_BROKER: 'postgres' })).toContain('EVENT_BROKER="postgres": needs DATABASE_URL');
    });
  });
});
