import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { clientKey } from '../../../access/interface/http/client-key.js';
import { principalOf } from '../../../access/interface/http/request-principal.js';
import { audienceOf, shownTo } from '../../application/audience.js';
import { EventStreams } from '../../application/event-streams.js';
import { StreamMetrics } from '../../application/ports/stream-metrics.js';
import { StreamConnections } from '../../application/stream-connections.js';
import type { StreamItem } from '../../application/stream-item.js';
import type { StreamReport } from '../../application/stream-report.js';
import { logStreamLifetime } from './stream-lines.js';
import { parseStreamRequest, type StreamQuery } from './stream-query.js';

/** A stream ready for a writer: its items as its caller may see them, held in a slot, and its account. */
export interface OpenedEventStream {
  /** Completes when the service ends the stream (shutdown, the token's end); a writer then ends the response. */
  readonly items: Observable<StreamItem>;
  readonly report: StreamReport;
}

/**
 * What both stream writers do before their first byte, in one place: the request checked, a slot reserved, the
 * stream opened for the caller's audience, its lifetime logged. Each refusal (400, 429, 503) is thrown from
 * here, before any header, for the exception filters to answer in Nest's error shape.
 */
@Injectable()
export class StreamOpening {
  constructor(
    private readonly streams: EventStreams,
    private readonly connections: StreamConnections,
    private readonly metrics: StreamMetrics,
  ) {}

  /** lifetime must abort on every way the stream ends, refused included: the slot is freed then. */
  async open(query: StreamQuery, lastEventId: string | undefined, request: Request, lifetime: AbortSignal): Promise<OpenedEventStream> {
    const streamRequest = parseStreamRequest(query, lastEventId);
    const caller = principalOf(request);
    const slot = this.connections.reserve(lifetime, { client: clientKey(request), until: caller.expiresAt });
    const audience = audienceOf({ mayReadPersonalData: caller.may('users:read') });
    const items = (await this.streams.open(streamRequest)).pipe(shownTo(audience));
    const { report } = slot;
    logStreamLifetime({ request: streamRequest, subject: caller.subject, report }, lifetime, this.metrics);
    return { items: slot.hold(items), report };
  }
}
