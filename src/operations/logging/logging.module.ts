import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { HeraldLogger } from './herald-logger.js';

/**
 * Nest's logging on the root pino logger. The request lines and the request ids come from the pino-http
 * middleware that app.ts puts first in line (so that requests refused before Nest routes them are logged
 * too); nestjs-pino only carries each request's logger through the request (useExisting).
 */
@Module({})
export class LoggingModule {
  static forRoot(root: Logger): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: root }, useExisting: true })],
      providers: [HeraldLogger],
      exports: [HeraldLogger],
    };
  }
}
