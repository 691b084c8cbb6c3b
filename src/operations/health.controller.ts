import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventLog } from '../shared/application/event-log.js';
import { EventBroker } from '../events/application/ports/event-broker.js';
import { NoTokenNeeded, RequireScope } from '../access/interface/http/require-scope.decorator.js';

const TIMEOUT_MS = 2000;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly eventLog: EventLog,
    private readonly broker: EventBroker,
  ) {}

  @Get()
  @RequireScope('metrics:read')
  @HealthCheck()
  @ApiOperation({ summary: 'The full report: 200 when the database and the broker answer, 503 naming the part that does not' })
  check() {
    return this.health.check([() => this.databaseAnswers(), () => this.brokerAnswers()]);
  }

  @Get('live')
  @NoTokenNeeded()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: 200 while the process serves requests (503 only while it shuts down); checks no dependency' })
  live() {
    return this.health.check([]);
  }

  // Not the broker: while Redis is away every stream still gets every event from the log, a second late at most.
  @Get('ready')
  @NoTokenNeeded()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: 200 when the database answers, 503 otherwise; a broker that is down does not make it 503' })
  ready() {
    return this.health.check([() => this.databaseAnswers()]);
  }

  private databaseAnswers() {
    return this.indicators
      .check('database')
      .attempt(async () => ({ head: await this.eventLog.head() }))
      .withTimeout(TIMEOUT_MS);
  }

  private brokerAnswers() {
    return this.indicators.check('broker').attempt(() => this.broker.ping()).withTimeout(TIMEOUT_MS);
  }
}
