import { Headers, type MessageEvent, Query, Req, Sse, SseSignal } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { AppConfig } from '../../../../config/app-config.js';
import { StreamMetrics } from '../../../application/ports/stream-metrics.js';
import { ApiEventStream } from '../api-event-stream.decorator.js';
import { EventStreamRoute } from '../event-stream-route.decorator.js';
import { StreamOpening } from '../stream-opening.js';
import type { StreamQuery } from '../stream-query.js';
import { HttpOutlet } from './outlet.js';
import { toSseMessages } from './sse-connection.js';

/** GET /events written by Nest's @Sse() writer (SSE_WRITER=nest): the textbook path, items to MessageEvents. */
@EventStreamRoute()
export class NestEventsController {
  constructor(
    private readonly opening: StreamOpening,
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
    const { items, report } = await this.opening.open(query, lastEventId, request, lifetime);
    const { heartbeatMs, retryMs, maxBufferBytes } = this.config.sse;
    const outlet = new HttpOutlet(request, request.res!);
    return toSseMessages(items, { outlet, metrics: this.metrics, heartbeatMs, retryMs, maxBufferBytes, report });
  }
}
