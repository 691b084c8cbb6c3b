import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventsModule } from '../events/events.module.js';
import { GracefulShutdown } from './graceful-shutdown.js';
import { DashboardController } from './dashboard.controller.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';

@Module({
  imports: [TerminusModule, EventsModule],
  controllers: [DashboardController, HealthController, MetricsController],
  providers: [GracefulShutdown],
})
export class OperationsModule {}
