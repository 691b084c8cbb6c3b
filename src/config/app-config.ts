import type { Environment } from './environment.js';

/** The validated settings as one typed object; injected wherever a setting is needed. */
export class AppConfig {
  readonly port: number;
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly redisUrl: string | null;
  readonly sse: {
    readonly heartbeatMs: number;
    readonly retryMs: number;
    readonly replayLimit: number;
    readonly maxBufferBytes: number;
    readonly maxConnections: number;
  };

  constructor(environment: Environment) {
    this.port = environment.PORT;
    this.databaseUrl = environment.DATABASE_URL ?? null;
    this.dataDir = environment.DATA_DIR;
    this.redisUrl = environment.REDIS_URL ?? null;
    this.sse = {
      heartbeatMs: environment.SSE_HEARTBEAT_MS,
      retryMs: environment.SSE_RETRY_MS,
      replayLimit: environment.SSE_REPLAY_LIMIT,
      maxBufferBytes: environment.SSE_MAX_BUFFER_BYTES,
      maxConnections: environment.SSE_MAX_CONNECTIONS,
    };
  }
}
