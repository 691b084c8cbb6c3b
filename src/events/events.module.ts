import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStreams } from './application/event-streams.js';
import { ForwardToBrokerHandler } from './application/forward-to-broker.handler.js';
import { OrderedEventFeed } from './application/ordered-event-feed.js';
import { EventBroker } from './application/ports/event-broker.js';
import { StreamMetrics } from './application/ports/stream-metrics.js';
import { StreamConnections } from './application/stream-connections.js';
import { InProcessEventBroker } from './infrastructure/in-process-event-broker.js';
import { PrometheusStreamMetrics } from './infrastructure/prometheus-stream-metrics.js';
import { EventsController } from './interface/http/events.controller.js';

@Module({
  imports: [CqrsModule],
  controllers: [EventsController],
  providers: [
    ForwardToBrokerHandler,
    OrderedEventFeed,
    EventStreams,
    StreamConnections,
    { provide: EventBroker, useClass: InProcessEventBroker },
    { provide: StreamMetrics, useClass: PrometheusStreamMetrics },
  ],
  exports: [EventBroker, StreamConnections],
})
export class EventsModule {}
