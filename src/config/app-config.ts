import { corsOrigins, type Environment } from './environment.js';

/** Who decides access: nobody but the loopback interface (unset), nobody at all (off), or a token (jwt). */
export type AccessMode = 'loopback' | 'off' | 'jwt';

export interface AccessSettings {
  readonly mode: AccessMode;
  readonly secret: string | null;
  readonly jwksUrl: string | null;
  readonly issuer: string | null;
  readonly audience: string | null;
}

/** The validated settings as one typed object; injected wherever a setting is needed. */
export class AppConfig {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly redisUrl: string | null;
  readonly sse: {
    readonly heartbeatMs: number;
    readonly retryMs: number;
    readonly replayLimit: number;
    readonly maxBufferBytes: number;
    readonly maxConnections: number;
    readonly maxConnectionsPerClient: number;
  };
  readonly access: AccessSettings;
  readonly limits: {
    /** Writes per client per minute; 0: no limit. */
    readonly writesPerMinute: number;
  };
  /** Express's "trust proxy" value, or null to believe no X-Forwarded-For. */
  readonly trustProxy: string | null;
  readonly corsOrigins: readonly string[];

  constructor(environment: Environment) {
    this.port = environment.PORT;
    this.host = environment.HOST;
    this.databaseUrl = environment.DATABASE_URL ?? null;
    this.dataDir = environment.DATA_DIR;
    this.redisUrl = environment.REDIS_URL ?? null;
    this.sse = {
      heartbeatMs: environment.SSE_HEARTBEAT_MS,
      retryMs: environment.SSE_RETRY_MS,
      replayLimit: environment.SSE_REPLAY_LIMIT,
      maxBufferBytes: environment.SSE_MAX_BUFFER_BYTES,
      maxConnections: environment.SSE_MAX_CONNECTIONS,
      maxConnectionsPerClient: environment.SSE_MAX_CONNECTIONS_PER_CLIENT,
    };
    this.access = {
      mode: environment.AUTH_MODE ?? 'loopback',
      secret: environment.AUTH_SECRET ?? null,
      jwksUrl: environment.AUTH_JWKS_URL ?? null,
      issuer: environment.AUTH_ISSUER ?? null,
      audience: environment.AUTH_AUDIENCE ?? null,
    };
    this.limits = { writesPerMinute: environment.RATE_LIMIT_WRITES };
    this.trustProxy = environment.TRUST_PROXY ?? null;
    this.corsOrigins = corsOrigins(environment.CORS_ORIGINS);
  }
}
