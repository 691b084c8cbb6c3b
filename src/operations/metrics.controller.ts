import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { RequireScope } from '../access/interface/http/require-scope.decorator.js';

@ApiTags('operations')
@RequireScope('metrics:read')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiOperation({ summary: 'Prometheus metrics: sse_connections, sse_events_published_total, sse_events_delivered_total, sse_connections_dropped_total, …' })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'the Prometheus text exposition format 0.0.4', content: { 'text/plain': { schema: { type: 'string' } } } })
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
