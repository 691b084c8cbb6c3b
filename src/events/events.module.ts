import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStreams } from './application/event-streams.js';
import { ForwardToBrokerHandler } from './application/forward-to-broker.handler.js';
import { LogHead } from './application/log-head.js';
import { OrderedEventFeed } from './application/ordered-event-feed.js';
import { EventBroker } from './application/ports/event-broker.js';
import { EventEncoder } from './application/ports/event-encoder.js';
import { StreamMetrics } from './application/ports/stream-metrics.js';
import { RecentEvents } from './application/recent-events.js';
import { ReplayPages } from './application/replay-pages.js';
import { ReplayTurns } from './application/replay-turns.js';
import { StreamConnections } from './application/stream-connections.js';
import { StreamLimits } from './application/ports/stream-limits.js';
import { AppConfig } from '../config/app-config.js';
import { Database } from '../shared/infrastructure/database/database.js';
import { readDeploymentId } from '../shared/infrastructure/database/deployment-id.js';
import { InProcessEventBroker } from './infrastructure/in-process-event-broker.js';
import { PrometheusStreamMetrics } from './infrastructure/prometheus-stream-metrics.js';
import { RedisEventBroker } from './infrastructure/redis-event-broker.js';
import { AsyncApiController } from './interface/http/asyncapi.controller.js';
import { EventsController } from './interface/http/events.controller.js';
import { SseEventEncoder } from './interface/http/sse-event-encoder.js';

@Module({
  imports: [CqrsModule],
  controllers: [EventsController, AsyncApiController],
  providers: [
    ForwardToBrokerHandler,
    OrderedEventFeed,
    RecentEvents,
    ReplayPages,
    ReplayTurns,
    LogHead,
    EventStreams,
    StreamConnections,
    { provide: StreamLimits, inject: [AppConfig], useFactory: ({ sse }: AppConfig): StreamLimits => sse },
    { provide: EventEncoder, useClass: SseEventEncoder },
    {
      provide: EventBroker,
      inject: [AppConfig, Database, StreamMetrics],
      useFactory: async ({ redisUrl }: AppConfig, database: Database, metrics: StreamMetrics) =>
        redisUrl ? new RedisEventBroker(redisUrl, await readDeploymentId(database.db), metrics) : new InProcessEventBroker(),
    },
    { provide: StreamMetrics, useClass: PrometheusStreamMetrics },
  ],
  exports: [EventBroker, StreamConnections],
})
export class EventsModule {}
