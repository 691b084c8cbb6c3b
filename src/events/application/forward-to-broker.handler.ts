import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { RecordedEvent } from '../../shared/application/recorded-event.js';
import { EventBroker } from './ports/event-broker.js';
import { StreamMetrics } from './ports/stream-metrics.js';

@EventsHandler(RecordedEvent)
export class ForwardToBrokerHandler implements IEventHandler<RecordedEvent> {
  constructor(
    private readonly broker: EventBroker,
    private readonly metrics: StreamMetrics,
  ) {}

  handle(recorded: RecordedEvent): void {
    this.broker.publish(recorded);
    this.metrics.eventPublished();
  }
}
