import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccessModule } from './access/access.module.js';
import { AppConfigModule } from './config/config.module.js';
import { EventsModule } from './events/events.module.js';
import { MetricsRegistryModule } from './operations/metrics-registry.module.js';
import { OperationsModule } from './operations/operations.module.js';
import { PersistenceModule } from './shared/infrastructure/persistence.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(),
        CqrsModule.forRoot(),
        AccessModule,
        MetricsRegistryModule,
        PersistenceModule,
        UsersModule,
        EventsModule,
        OperationsModule,
      ],
    };
  }
}
