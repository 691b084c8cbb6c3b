import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig } from './app-config.js';
import { Environment, validateEnvironment } from './environment.js';

@Global()
@Module({
  // ignoreEnvFile: the environment is the only source, as the contract says.
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true, validate: validateEnvironment })],
  providers: [
    {
      provide: AppConfig,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) =>
        new AppConfig({
          PORT: config.get('PORT'),
          DATABASE_URL: config.get('DATABASE_URL'),
          DATA_DIR: config.get('DATA_DIR'),
          REDIS_URL: config.get('REDIS_URL'),
          SSE_HEARTBEAT_MS: config.get('SSE_HEARTBEAT_MS'),
          SSE_RETRY_MS: config.get('SSE_RETRY_MS'),
          SSE_REPLAY_LIMIT: config.get('SSE_REPLAY_LIMIT'),
          SSE_MAX_BUFFER_BYTES: config.get('SSE_MAX_BUFFER_BYTES'),
          SSE_MAX_CONNECTIONS: config.get('SSE_MAX_CONNECTIONS'),
        }),
    },
  ],
  exports: [AppConfig],
})
export class AppConfigModule {}
