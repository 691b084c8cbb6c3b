import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig } from './app-config.js';
import { Environment, validateEnvironment } from './environment.js';

const KEYS = [
  'PORT',
  'DATABASE_URL',
  'DATA_DIR',
  'REDIS_URL',
  'EVENT_BROKER',
  'SSE_HEARTBEAT_MS',
  'SSE_RETRY_MS',
  'SSE_REPLAY_LIMIT',
  'SSE_MAX_BUFFER_BYTES',
  'SSE_MAX_CONNECTIONS',
  'SSE_MAX_CONNECTIONS_PER_CLIENT',
  'SSE_WRITER',
  'HOST',
  'AUTH_MODE',
  'AUTH_SECRET',
  'AUTH_JWKS_URL',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
  'RATE_LIMIT_WRITES',
  'TRUST_PROXY',
  'CORS_ORIGINS',
] as const satisfies readonly (keyof Environment)[];

@Module({})
export class AppConfigModule {
  /** Reads and validates the environment now, so that each application built gets the settings of its time. */
  static forRoot(): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      // ignoreEnvFile: the process environment is the only source, as the contract says.
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, validate: validateEnvironment })],
      providers: [
        {
          provide: AppConfig,
          inject: [ConfigService],
          useFactory: (config: ConfigService<Environment, true>) =>
            new AppConfig(Object.fromEntries(KEYS.map((key) => [key, config.get(key)])) as unknown as Environment),
        },
      ],
      exports: [AppConfig],
    };
  }
}
