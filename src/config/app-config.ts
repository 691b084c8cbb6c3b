import { brokerKind } from './broker-rules.js';
import { corsOrigins, type Environment, type LogFormatSetting, type LogLevelSetting, type SseWriter } from './environment.js';

/** Who decides access: nobody but the loopback interface (unset), nobody at all (off), or a token (jwt). */
export type AccessMode = 'loopback' | 'off' | 'jwt';

export interface AccessSettings {
  readonly mode: AccessMode;
  readonly secret: string | null;
  readonly jwksUrl: string | null;
  readonly issuer: string | null;
  readonly audience: string | null;
}

/** The broker EVENT_BROKER picks (or its default), with the server it goes through. */
export type BrokerSettings = { readonly kind: 'memory' } | { readonly kind: 'redis' | 'postgres'; readonly url: string };

/** The validated settings as one typed object; injected wherever a setting is needed. */
export class AppConfig {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  readonly broker: BrokerSettings;
  readonly sse: {
    readonly heartbeatMs: number;
    readonly retryMs: number;
    readonly replayLimit: number;
    readonly maxBufferBytes: number;
    readonly maxConnections: number;
    readonly maxConnectionsPerClient: number;
    /** The adapter that writes the streams; the events module picks it. */
    readonly writer: SseWriter;
  };
  readonly access: AccessSettings;
  readonly limits: {
    /** Writes per client per minute; 0: no limit. */
    readonly writesPerMinute: number;
  };
  /** Express's "trust proxy" value, or null to believe no X-Forwarded-For. */
  readonly trustProxy: string | null;
  readonly corsOrigins: readonly string[];
  /** format null: chosen at start-up from the terminal and NODE_ENV. */
  readonly logging: { readonly level: LogLevelSetting; readonly format: LogFormatSetting | null };

  constructor(environment: Environment) {
    this.port = environment.PORT;
    this.host = environment.HOST;
    this.databaseUrl = environment.DATABASE_URL ?? null;
    this.dataDir = environment.DATA_DIR;
    this.broker = brokerSettings(environment);
    this.sse = {
      heartbeatMs: environment.SSE_HEARTBEAT_MS,
      retryMs: environment.SSE_RETRY_MS,
      replayLimit: environment.SSE_REPLAY_LIMIT,
      maxBufferBytes: environment.SSE_MAX_BUFFER_BYTES,
      maxConnections: environment.SSE_MAX_CONNECTIONS,
      maxConnectionsPerClient: environment.SSE_MAX_CONNECTIONS_PER_CLIENT,
      writer: environment.SSE_WRITER,
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
    this.logging = { level: environment.LOG_LEVEL, format: environment.LOG_FORMAT ?? null };
  }
}

// validateEnvironment has made sure the URL a broker needs is there.
function brokerSettings(environment: Environment): BrokerSettings {
  const kind = brokerKind(environment);
  if (kind === 'memory') return { kind };
  const url = kind === 'redis' ? environment.REDIS_URL : environment.DATABASE_URL;
  if (!url) throw new Error(`EVENT_BROKER=${kind} without its URL: the environment was not validated`);
  return { kind, url };
}
