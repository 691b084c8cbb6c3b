import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { ApiTags } from '@nestjs/swagger';
import { EventLog } from '../shared/application/event-log.js';
import { EventBroker } from '../events/application/ports/event-broker.js';

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
  @HealthCheck()
  check() {
    return this.health.check([
      () =>
        this.indicators
          .check('database')
          .attempt(async () => ({ head: await this.eventLog.head() }))
          .withTimeout(TIMEOUT_MS),
      () => this.indicators.check('broker').attempt(() => this.broker.ping()).withTimeout(TIMEOUT_MS),
    ]);
  }
}
