import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { AccessModule } from './access/access.module.js';
import { AppConfigModule } from './config/config.module.js';
import type { SseWriter } from './config/environment.js';
import { EventStreamModule, EventsModule } from './events/events.module.js';
import { LoggingModule } from './operations/logging/logging.module.js';
import { MetricsRegistryModule } from './operations/metrics-registry.module.js';
import { OperationsModule } from './operations/operations.module.js';
import { PersistenceModule } from './shared/infrastructure/persistence.module.js';
import { UsersModule } from './users/users.module.js';

/** What app.ts makes before Nest, for the middleware in front of it: the one logger and the metrics registry. */
export interface Telemetry {
  readonly logger: Logger;
  readonly registry: Registry;
}

@Module({})
export class AppModule {
  /** sseWriter: which adapter writes GET /events, read from the settings before Nest starts. */
  static forRoot({ logger, registry }: Telemetry, sseWriter: SseWriter): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(),
        CqrsModule.forRoot(),
        LoggingModule.forRoot(logger),
        AccessModule,
        MetricsRegistryModule.forRoot(registry),
        PersistenceModule,
        UsersModule,
        EventsModule,
        EventStreamModule.writtenBy(sseWriter),
        OperationsModule,
      ],
    };
  }
}
