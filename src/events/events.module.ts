import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventStreams } from './application/event-streams.js';
import { ForwardToBrokerHandler } from './application/forward-to-broker.handler.js';
import { LogHead } from './application/log-head.js';
import { OrderedEventFeed } from './application/ordered-event-feed.js';
import { EventEncoder } from './application/ports/event-encoder.js';
import { RecentEvents } from './application/recent-events.js';
import { ReplayPages } from './application/replay-pages.js';
import { ReplayTurns } from './application/replay-turns.js';
import { StreamConnections } from './application/stream-connections.js';
import { StreamLimits } from './application/ports/stream-limits.js';
import { AppConfig } from '../config/app-config.js';
import type { SseWriter } from '../config/environment.js';
import { EventBrokerModule } from './event-broker.module.js';
import { AsyncApiController } from './interface/http/asyncapi.controller.js';
import { DirectEventsController } from './interface/http/direct-sse/direct-events.controller.js';
import { DirectSseWriter } from './interface/http/direct-sse/direct-sse-writer.js';
import { NestEventsController } from './interface/http/nest-sse/nest-events.controller.js';
import { SseEventEncoder } from './interface/http/sse-event-encoder.js';
import { StreamOpening } from './interface/http/stream-opening.js';

@Module({
  imports: [CqrsModule, EventBrokerModule],
  controllers: [AsyncApiController],
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
  ],
  exports: [EventBrokerModule, StreamConnections, EventStreams],
})
export class EventsModule {}

/**
 * GET /events, written by the adapter SSE_WRITER names: two adapters of one port, the stream's items to bytes.
 * A module of its own, because the choice is made per application built (the tests boot both writers in one
 * process) while the rest of the events module, which others import, stays one static module.
 */
@Module({})
export class EventStreamModule {
  static writtenBy(writer: SseWriter): DynamicModule {
    const adapter =
      writer === 'direct'
        ? { controllers: [DirectEventsController], providers: [StreamOpening, DirectSseWriter] }
        : { controllers: [NestEventsController], providers: [StreamOpening] };
    return { module: EventStreamModule, imports: [EventsModule], ...adapter };
  }
}
