import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { Observable, Subject } from 'rxjs';
import { RecordedEvent } from '../../shared/application/recorded-event.js';
import { EventBroker } from '../application/ports/event-broker.js';


interface WireEvent {
  readonly position: number;
  readonly type: string;
  readonly aggregateId: string;
  readonly occurredAt: string;
  readonly payload: Record<string, unknown>;
}

// Reconnect for ever, from 100 ms doubling to 2 s: until then events between instances are a second late.
const retryStrategy = (attempt: number): number => Math.min(100 * 2 ** (attempt - 1), 2000) + Math.floor(Math.random() * 100);

/**
 * Fans events out to every instance through Redis pub/sub. Local subscribers get this instance's
 * events at once, and again from Redis, which OrderedEventFeed drops as duplicates. While Redis is
 * away nothing is queued: the other instances catch up from the shared event log instead.
 */
export class RedisEventBroker extends EventBroker implements OnModuleDestroy {
  private readonly logger = new Logger(RedisEventBroker.name);
  private readonly events = new Subject<RecordedEvent>();
  private readonly clients = new Map<string, () => void>();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private subscribed = false;
  private closing = false;

  /** channel: one per event log, so that deployments on different databases never mix their positions. */
  constructor(
    url: string,
    private readonly channel: string,
  ) {
    super();
    const options: RedisOptions = { retryStrategy, lazyConnect: false };
    this.publisher = new Redis(url, { ...options, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    // The SUBSCRIBE waits in the offline queue until the first connection (no retry limit to flush it);
    // after that, ioredis subscribes again on every reconnect by itself (autoResubscribe).
    this.subscriber = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null, autoResubscribe: true });
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on('error', (error: Error) => this.logger.warn(`redis: ${error.message}`));
    }
    this.subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    this.subscriber.subscribe(channel).then(
      () => {
        this.subscribed = true;
        this.logger.log(`subscribed to ${channel}`);
      },
      (error: Error) => {
        if (!this.closing) this.logger.error(`cannot subscribe to ${channel}: ${error.message}`);
      },
    );
  }

  override publish(event: RecordedEvent): void {
    this.events.next(event);
    const wire: WireEvent = { ...event, occurredAt: event.occurredAt.toISOString(), payload: { ...event.payload } };
    this.publisher.publish(this.channel, JSON.stringify(wire)).catch((error: Error) => this.logger.warn(`redis publish: ${error.message}`));
  }

  override subscribe(clientId: string): Observable<RecordedEvent> {
    return new Observable<RecordedEvent>((subscriber) => {
      this.unsubscribe(clientId);
      const subscription = this.events.subscribe(subscriber);
      const release = () => subscription.unsubscribe();
      this.clients.set(clientId, release);
      return () => {
        release();
        if (this.clients.get(clientId) === release) this.clients.delete(clientId);
      };
    });
  }

  override unsubscribe(clientId: string): void {
    this.clients.get(clientId)?.();
    this.clients.delete(clientId);
  }

  /** Fails until this instance is subscribed, and while either connection is down. */
  override async ping(): Promise<void> {
    if (!this.subscribed || this.subscriber.status !== 'ready') throw new Error(`not subscribed to ${this.channel}`);
    await this.publisher.ping();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    this.events.complete();
    // quit() waits for Redis, which may be away: a connection that is not ready is simply dropped.
    await Promise.allSettled(
      [this.subscriber, this.publisher].map((connection) => (connection.status === 'ready' ? connection.quit() : connection.disconnect())),
    );
  }

  private receive(message: string): void {
    try {
      const wire = JSON.parse(message) as WireEvent;
      this.events.next(new RecordedEvent(wire.position, wire.type, wire.aggregateId, new Date(wire.occurredAt), wire.payload));
    } catch (error) {
      this.logger.warn(`ignored a malformed message on ${this.channel}: ${(error as Error).message}`);
    }
  }
}
