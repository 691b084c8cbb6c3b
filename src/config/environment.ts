import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, MinLength, Min, validateSync } from 'class-validator';
import { accessRuleViolations } from './access-rules.js';
import { BROKER_KINDS, type BrokerKind, brokerRuleViolations } from './broker-rules.js';

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelSetting = (typeof LOG_LEVELS)[number];

const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormatSetting = (typeof LOG_FORMATS)[number];

/** Which adapter turns a stream's items into bytes: Nest's @Sse() writer, or Herald's own on the socket. */
export const SSE_WRITERS = ['nest', 'direct'] as const;
export type SseWriter = (typeof SSE_WRITERS)[number];

const AUTH_MODES = ['off', 'jwt'] as const;
export type AuthModeSetting = (typeof AUTH_MODES)[number];

/** Decimal digits only: Number() would read "  " as 0 and "0x50" as 80. Anything else fails IsInt by name. */
const Integer = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value));

// scheme://host[:port], nothing after: what a browser sends as Origin.
const ORIGIN = /^https?:\/\/[^\s/?#,]+$/;

/** The environment as the contract defines it; anything else in process.env is ignored. */
export class Environment {
  @IsOptional() @Integer() @IsInt() @Min(0) @Max(65535)
  readonly PORT: number = 3000;

  @IsOptional() @IsString() @Matches(/^[\w.:-]+$/, { message: 'HOST must be an IP address or a host name' })
  readonly HOST: string = '127.0.0.1';

  @IsOptional() @IsString() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  readonly DATABASE_URL?: string;

  @IsOptional() @IsString() @Matches(/\S/, { message: 'DATA_DIR must not be empty' })
  readonly DATA_DIR: string = './data';

  @IsOptional() @IsString() @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  readonly REDIS_URL?: string;

  /** Unset: redis with REDIS_URL, else postgres with DATABASE_URL, else memory (see brokerKind). */
  @IsOptional() @IsIn(BROKER_KINDS, { message: `EVENT_BROKER must be unset or one of: ${BROKER_KINDS.join(', ')}` })
  readonly EVENT_BROKER?: BrokerKind;

  @IsOptional() @Integer() @IsInt() @Min(10) @Max(3_600_000)
  readonly SSE_HEARTBEAT_MS: number = 15_000;

  @IsOptional() @Integer() @IsInt() @Min(0) @Max(3_600_000)
  readonly SSE_RETRY_MS: number = 3_000;

  @IsOptional() @Integer() @IsInt() @Min(0) @Max(10_000_000)
  readonly SSE_REPLAY_LIMIT: number = 10_000;

  @IsOptional() @Integer() @IsInt() @Min(1024) @Max(1024 * 1024 * 1024)
  readonly SSE_MAX_BUFFER_BYTES: number = 1_048_576;

  @IsOptional() @Integer() @IsInt() @Min(1) @Max(1_000_000)
  readonly SSE_MAX_CONNECTIONS: number = 10_000;

  @IsOptional() @Integer() @IsInt() @Min(1) @Max(1_000_000)
  readonly SSE_MAX_CONNECTIONS_PER_CLIENT: number = 50;

  @IsOptional() @IsIn(SSE_WRITERS, { message: `SSE_WRITER must be unset or one of: ${SSE_WRITERS.join(', ')}` })
  readonly SSE_WRITER: SseWriter = 'nest';

  @IsOptional() @IsIn(AUTH_MODES, { message: `AUTH_MODE must be unset or one of: ${AUTH_MODES.join(', ')}` })
  readonly AUTH_MODE?: AuthModeSetting;

  // HS256 keys shorter than the hash are guessable (RFC 7518 §3.2).
  @IsOptional() @IsString() @MinLength(32, { message: 'AUTH_SECRET must be at least 32 bytes' })
  readonly AUTH_SECRET?: string;

  @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_tld: false, require_protocol: true }, { message: 'AUTH_JWKS_URL must be an http(s):// URL' })
  readonly AUTH_JWKS_URL?: string;

  @IsOptional() @IsString()
  readonly AUTH_ISSUER?: string;

  @IsOptional() @IsString()
  readonly AUTH_AUDIENCE?: string;

  @IsOptional() @Integer() @IsInt() @Min(0) @Max(10_000_000)
  readonly RATE_LIMIT_WRITES: number = 600;

  /** Express's "trust proxy": true/false, a hop count, or addresses, subnets and names (loopback, uniquelocal). */
  @IsOptional() @IsString() @Matches(/^[\w.:/, -]+$/, { message: 'TRUST_PROXY must be true, false, a hop count or a list of addresses' })
  readonly TRUST_PROXY?: string;

  @IsOptional() @IsString()
  @Matches(/^\s*[^,\s]+(\s*,\s*[^,\s]+)*\s*$/, { message: 'CORS_ORIGINS must be a comma-separated list of origins' })
  readonly CORS_ORIGINS?: string;

  /** debug also shows Nest's own start-up lines (modules, routes). */
  @IsOptional() @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of: ${LOG_LEVELS.join(', ')}` })
  readonly LOG_LEVEL: LogLevelSetting = 'log';

  /** Unset: pretty on a terminal outside production, JSON otherwise (the logging module decides). */
  @IsOptional() @IsIn(LOG_FORMATS, { message: `LOG_FORMAT must be unset or one of: ${LOG_FORMATS.join(', ')}` })
  readonly LOG_FORMAT?: LogFormatSetting;
}

/** The origins of CORS_ORIGINS, each checked to be scheme://host[:port]. */
export function corsOrigins(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin !== '');
}

function originViolations(environment: Environment): string[] {
  return corsOrigins(environment.CORS_ORIGINS)
    .filter((origin) => !ORIGIN.test(origin))
    .map((origin) => `  CORS_ORIGINS=${JSON.stringify(environment.CORS_ORIGINS)}: ${JSON.stringify(origin)} is not an origin (scheme://host[:port])`);
}

/** For ConfigModule: fails start-up with every bad variable named, before anything listens. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  // Empty strings count as unset, as in most shells' "VAR= npm start".
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const environment = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const errors = validateSync(environment, { skipMissingProperties: false });
  // The first failed rule of each variable says enough; validateSync reports them last to first.
  const lines = errors.map(
    (error) => `  ${error.property}=${JSON.stringify(raw[error.property])}: ${Object.values(error.constraints ?? {}).at(-1)}`,
  );
  if (lines.length === 0) lines.push(...originViolations(environment), ...accessRuleViolations(environment), ...brokerRuleViolations(environment));
  if (lines.length > 0) throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  return environment;
}
