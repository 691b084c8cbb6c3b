import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { HeraldLogger } from './herald-logger.js';

/**
 * Nest's logging on the root pino logger, through nestjs-pino's Logger (Nest's calls as pino lines). The request
 * lines and ids come from the telemetry middleware app.ts puts first in line (so that requests refused before Nest
 * routes them are logged too), and the id reaches every line by the root logger's mixin: nestjs-pino carries no
 * logger per request (forRoutes: none), and out of a request its PinoLogger writes through the root.
 */
@Module({})
export class LoggingModule {
  static forRoot(root: Logger): DynamicModule {
    return {
      module: LoggingModule,
      global: true,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: root }, useExisting: true, forRoutes: [] })],
      providers: [HeraldLogger],
      exports: [HeraldLogger],
    };
  }
}
