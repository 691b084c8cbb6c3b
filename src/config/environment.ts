import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelSetting = (typeof LOG_LEVELS)[number];

/** Decimal digits only: Number() would read "  " as 0 and "0x50" as 80. Anything else fails IsInt by name. */
const Integer = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value));

/** The environment as the contract defines it; anything else in process.env is ignored. */
export class Environment {
  @IsOptional() @Integer() @IsInt() @Min(0) @Max(65535)
  readonly PORT: number = 3000;

  @IsOptional() @IsString() @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  readonly DATABASE_URL?: string;

  @IsOptional() @IsString() @Matches(/\S/, { message: 'DATA_DIR must not be empty' })
  readonly DATA_DIR: string = './data';

  @IsOptional() @IsString() @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  readonly REDIS_URL?: string;

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

  /** debug also shows Nest's own start-up lines (modules, routes). */
  @IsOptional() @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of: ${LOG_LEVELS.join(', ')}` })
  readonly LOG_LEVEL: LogLevelSetting = 'log';
}

/** For ConfigModule: fails start-up with every bad variable named, before anything listens. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  // Empty strings count as unset, as in most shells' "VAR= npm start".
  const present = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== ''));
  const environment = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const errors = validateSync(environment, { skipMissingProperties: false });
  if (errors.length > 0) {
    // The first failed rule of each variable says enough; validateSync reports them last to first.
    const lines = errors.map(
      (error) => `  ${error.property}=${JSON.stringify(raw[error.property])}: ${Object.values(error.constraints ?? {}).at(-1)}`,
    );
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return environment;
}
