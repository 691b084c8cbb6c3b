import { AppConfig } from '../../src/config/app-config.js';
import type { Environment } from '../../src/config/environment.js';

/** The contract defaults, with the given variables changed. */
export function appConfig(overrides: Partial<Environment> = {}): AppConfig {
  return new AppConfig({
    PORT: 3000,
    DATA_DIR: './data',
    SSE_HEARTBEAT_MS: 15_000,
    SSE_RETRY_MS: 3_000,
    SSE_REPLAY_LIMIT: 10_000,
    SSE_MAX_BUFFER_BYTES: 1_048_576,
    SSE_MAX_CONNECTIONS: 10_000,
    SSE_MAX_CONNECTIONS_PER_CLIENT: 50,
    SSE_WRITER: 'nest',
    HOST: '127.0.0.1',
    RATE_LIMIT_WRITES: 600,
    LOG_LEVEL: 'log',
    ...overrides,
  });
}
