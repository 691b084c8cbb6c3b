import { Module } from '@nestjs/common';
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
import { EventBrokerModule } from './event-broker.module.js';
import { AsyncApiController } from './interface/http/asyncapi.controller.js';
import { EventsController } from './interface/http/events.controller.js';
import { SseEventEncoder } from './interface/http/sse-event-encoder.js';

@Module({
  imports: [CqrsModule, EventBrokerModule],
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
  ],
  exports: [EventBrokerModule, StreamConnections],
})
export class EventsModule {}
