import { Controller, Headers, type MessageEvent, Query, Req, Sse, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { AppConfig } from '../../../config/app-config.js';
import { EventStreams } from '../../application/event-streams.js';
import { StreamMetrics } from '../../application/ports/stream-metrics.js';
import { StreamConnections } from '../../application/stream-connections.js';
import { HttpOutlet } from './outlet.js';
import { toSseMessages } from './sse-connection.js';
import { parseStreamRequest, type StreamQuery } from './stream-query.js';
import { TooManyStreams, TooManyStreamsFilter } from './too-many-streams.filter.js';

@ApiTags('events')
@Controller('events')
@UseFilters(TooManyStreamsFilter)
export class EventsController {
  constructor(
    private readonly streams: EventStreams,
    private readonly connections: StreamConnections,
    private readonly metrics: StreamMetrics,
    private readonly config: AppConfig,
  ) {}

  @Sse()
  @ApiQuery({ name: 'types', required: false, example: 'user.created,user.deleted' })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'as the Last-Event-ID header; the header wins' })
  @ApiOkResponse({ description: 'text/event-stream of domain events' })
  async stream(
    @Query() query: StreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: Request,
  ): Promise<Observable<MessageEvent>> {
    const streamRequest = parseStreamRequest(query, lastEventId);
    // Nest sends the headers on the next macrotask; an error after that could only be an in-stream message.
    if (streamRequest.lastEventId !== null) await this.streams.ensureLogAnswers();
    if (!this.connections.hasRoom()) throw new TooManyStreams(retryAfterSeconds());
    const { heartbeatMs, retryMs, maxBufferBytes } = this.config.sse;
    const messages = toSseMessages(this.streams.open(streamRequest), {
      outlet: new HttpOutlet(request, request.res!),
      metrics: this.metrics,
      heartbeatMs,
      retryMs,
      maxBufferBytes,
    });
    return this.connections.track(messages);
  }
}

// Spread over 2..6 s, so that the clients turned away do not all come back in the same instant.
const retryAfterSeconds = (): number => 2 + Math.floor(Math.random() * 5);
