import { Controller, Headers, type MessageEvent, Query, Req, Sse, SseSignal, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { clientKey } from '../../../access/interface/http/client-key.js';
import { principalOf } from '../../../access/interface/http/request-principal.js';
import { RequireScope } from '../../../access/interface/http/require-scope.decorator.js';
import { AppConfig } from '../../../config/app-config.js';
import { audienceOf, shownTo } from '../../application/audience.js';
import { EventStreams } from '../../application/event-streams.js';
import { StreamMetrics } from '../../application/ports/stream-metrics.js';
import { StreamConnections } from '../../application/stream-connections.js';
import type { StreamReport } from '../../application/stream-report.js';
import { ApiEventStream } from './api-event-stream.decorator.js';
import { HttpOutlet } from './outlet.js';
import { type SseConnectionOptions, toSseMessages } from './sse-connection.js';
import { logStreamLifetime } from './stream-lines.js';
import { parseStreamRequest, type StreamQuery } from './stream-query.js';
import { TooManyStreamsFilter } from './too-many-streams.filter.js';

@ApiTags('events')
@RequireScope('events:read')
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
  @ApiEventStream()
  async stream(
    @Query() query: StreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: Request,
    @SseSignal() lifetime: AbortSignal,
  ): Promise<Observable<MessageEvent>> {
    const streamRequest = parseStreamRequest(query, lastEventId);
    const caller = principalOf(request);
    const slot = this.connections.reserve(lifetime, { client: clientKey(request), until: caller.expiresAt });
    const items = (await this.streams.open(streamRequest)).pipe(shownTo(audienceOf({ mayReadPersonalData: caller.may('users:read') })));
    const { report } = slot;
    logStreamLifetime({ requestId: request.id, request: streamRequest, subject: caller.subject, report }, lifetime, this.metrics);
    return slot.hold(toSseMessages(items, this.connectionOptions(request, report)));
  }

  private connectionOptions(request: Request, report: StreamReport): SseConnectionOptions {
    const { heartbeatMs, retryMs, maxBufferBytes } = this.config.sse;
    return { outlet: new HttpOutlet(request, request.res!), metrics: this.metrics, heartbeatMs, retryMs, maxBufferBytes, report };
  }
}
