import { Get, Headers, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiEventStream } from '../api-event-stream.decorator.js';
import { EventStreamRoute } from '../event-stream-route.decorator.js';
import { StreamOpening } from '../stream-opening.js';
import type { StreamQuery } from '../stream-query.js';
import { DirectSseWriter } from './direct-sse-writer.js';

/**
 * GET /events written straight to the socket (SSE_WRITER=direct). The response is taken raw, but only once the
 * stream is open: a refusal is thrown before anything is written, and answered by the same filters as with Nest's writer.
 */
@EventStreamRoute()
export class DirectEventsController {
  constructor(
    private readonly opening: StreamOpening,
    private readonly writer: DirectSseWriter,
  ) {}

  @Get()
  @ApiEventStream()
  async stream(
    @Query() query: StreamQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    // What @SseSignal() is to Nest's writer: aborted however the response ends, so the slot is freed once.
    const lifetime = new AbortController();
    response.once('close', () => lifetime.abort());
    try {
      this.writer.write(await this.opening.open(query, lastEventId, request, lifetime.signal), response, lifetime.signal);
    } catch (error) {
      lifetime.abort();
      throw error;
    }
  }
}
