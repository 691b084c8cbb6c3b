import { Logger, type OnModuleDestroy } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import type { Subscription } from 'rxjs';
import type { RecordedEvent } from '../../shared/application/recorded-event.js';
import { EventBroker } from '../application/ports/event-broker.js';
import type { StreamMetrics } from '../application/ports/stream-metrics.js';
import { eventChannel } from './event-channel.js';
import { LocalSubscribers } from './local-subscribers.js';
import { BrokerOutageLog } from './broker-outage-log.js';
import { DroppedMessages } from './dropped-messages.js';
import { reconnectDelay } from './reconnect-delay.js';
import { decodeWireEvent, encodeWireEvent } from './redis-wire-event.js';

/**
 * Fans events out to every instance of one deployment through Redis pub/sub. Local subscribers get this
 * instance's events at once, and again from Redis, which OrderedEventFeed drops as duplicates. While Redis
 * is away nothing is queued: the other instances catch up from the shared event log instead.
 */
export class RedisEventBroker extends EventBroker implements OnModuleDestroy {
  private readonly logger = new Logger(RedisEventBroker.name);
  private readonly outage = new BrokerOutageLog(this.logger, 'Redis');
  private readonly local = new LocalSubscribers(this.logger);
  private readonly channel: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly dropped: DroppedMessages;
  private subscribed = false;
  private closing = false;

  /** deploymentId: the identity of the database (readDeploymentId); only its instances' messages are delivered. */
  constructor(
    url: string,
    private readonly deploymentId: string,
    metrics: StreamMetrics,
  ) {
    super();
    this.channel = eventChannel(deploymentId);
    this.dropped = new DroppedMessages(this.logger, metrics, this.channel);
    const options: RedisOptions = { retryStrategy: reconnectDelay, lazyConnect: false };
    this.publisher = new Redis(url, { ...options, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    // The SUBSCRIBE waits in the offline queue until the first connection (no retry limit to flush it);
    // after that, ioredis subscribes again on every reconnect by itself (autoResubscribe).
    this.subscriber = new Redis(url, { ...options, enableOfflineQueue: true, maxRetriesPerRequest: null, autoResubscribe: true });
    for (const connection of [this.publisher, this.subscriber]) {
      connection.on('error', (error: Error) => this.outage.failed(error.message));
      connection.on('close', () => {
        if (!this.closing) this.outage.failed('connection closed');
      });
      connection.on('ready', () => this.noteRecovery());
    }
    this.subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    this.subscriber.subscribe(this.channel).then(
      () => {
        this.subscribed = true;
        if (!this.noteRecovery()) this.logger.log(`subscribed to ${this.channel}`);
      },
      (error: Error) => {
        if (!this.closing) this.logger.error(`cannot subscribe to ${this.channel}: ${error.message}`);
      },
    );
  }

  override publish(event: RecordedEvent): void {
    this.local.deliver(event);
    this.publisher.publish(this.channel, encodeWireEvent(this.deploymentId, event)).catch((error: Error) => this.outage.failed(error.message));
  }

  override subscribe(clientId: string, onEvent: (event: RecordedEvent) => void): Subscription {
    return this.local.add(clientId, onEvent);
  }

  /** Fails until this instance is subscribed, and while either connection is down. */
  override async ping(): Promise<void> {
    if (!this.subscribed || this.subscriber.status !== 'ready') throw new Error(`not subscribed to ${this.channel}`);
    await this.publisher.ping();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    this.local.close();
    // quit() waits for Redis, which may be away: a connection that is not ready is simply dropped.
    await Promise.allSettled(
      [this.subscriber, this.publisher].map((connection) => (connection.status === 'ready' ? connection.quit() : connection.disconnect())),
    );
  }

  /** True when this ended an outage (and logged so). */
  private noteRecovery(): boolean {
    return this.subscribed && this.publisher.status === 'ready' && this.subscriber.status === 'ready' && this.outage.recovered(this.channel);
  }

  private receive(message: string): void {
    const { event, dropped } = decodeWireEvent(this.deploymentId, message);
    if (event) this.local.deliver(event);
    else this.dropped.drop(dropped);
  }
}
