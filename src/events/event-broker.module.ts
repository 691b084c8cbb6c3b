import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { CommitAnnouncer } from '../shared/application/commit-announcer.js';
import { Database } from '../shared/infrastructure/database/database.js';
import { readDeploymentId } from '../shared/infrastructure/database/deployment-id.js';
import { EventBroker } from './application/ports/event-broker.js';
import { StreamMetrics } from './application/ports/stream-metrics.js';
import { InProcessEventBroker } from './infrastructure/in-process-event-broker.js';
import { PostgresEventBroker } from './infrastructure/postgres-event-broker.js';
import { PrometheusStreamMetrics } from './infrastructure/prometheus-stream-metrics.js';
import { RedisEventBroker } from './infrastructure/redis-event-broker.js';

/** A batch that nobody listens for on the database: the in-process and Redis brokers are told after commit instead. */
const NO_ANNOUNCEMENTS: CommitAnnouncer = { announce: () => [] };

/**
 * The broker EVENT_BROKER picks, and what the units of work announce with each commit for it. Global because the
 * users module's unit of work sends the announcements (inside its transactions) without knowing whom they are for.
 */
@Global()
@Module({
  providers: [
    {
      provide: EventBroker,
      inject: [AppConfig, Database, StreamMetrics],
      useFactory: async ({ broker }: AppConfig, database: Database, metrics: StreamMetrics): Promise<EventBroker> => {
        if (broker.kind === 'memory') return new InProcessEventBroker();
        const deploymentId = await readDeploymentId(database.db);
        if (broker.kind === 'redis') return new RedisEventBroker(broker.url, deploymentId, metrics);
        const postgres = new PostgresEventBroker(broker.url, deploymentId, metrics);
        await postgres.start();
        return postgres;
      },
    },
    {
      provide: CommitAnnouncer,
      inject: [EventBroker],
      useFactory: (broker: EventBroker): CommitAnnouncer => (broker instanceof PostgresEventBroker ? broker.announcer : NO_ANNOUNCEMENTS),
    },
    { provide: StreamMetrics, useClass: PrometheusStreamMetrics },
  ],
  exports: [EventBroker, CommitAnnouncer, StreamMetrics],
})
export class EventBrokerModule {}
