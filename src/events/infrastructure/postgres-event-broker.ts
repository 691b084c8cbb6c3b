import { randomUUID } from 'node:crypto';
import { Logger, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import type { Subscription } from 'rxjs';
import type { CommitAnnouncer } from '../../shared/application/commit-announcer.js';
import type { RecordedEvent } from '../../shared/application/recorded-event.js';
import { EventBroker } from '../application/ports/event-broker.js';
import type { StreamMetrics } from '../application/ports/stream-metrics.js';
import { BrokerOutageLog } from './broker-outage-log.js';
import { DroppedMessages } from './dropped-messages.js';
import { notifyChannel } from './event-channel.js';
import { LocalSubscribers } from './local-subscribers.js';
import { PostgresCommitAnnouncer } from './postgres-commit-announcer.js';
import { decodeNotice } from './postgres-notice.js';
import { reconnectDelay } from './reconnect-delay.js';

const CONNECT_TIMEOUT_MS = 3000;
/** How the listener shows in pg_stat_activity, for an operator (and a test) to tell it from the pool's connections. */
export const LISTENER_APPLICATION_NAME = 'herald-listener';

/**
 * Fans events out to every instance of one deployment through the database itself: each committed batch is a
 * NOTIFY sent inside its own transaction (the announcer, used by the group commit), so it reaches the listeners
 * only if the batch commits, and in commit order. One dedicated connection, not the pool's, holds the LISTEN.
 * This instance's own events are delivered at publish (after commit, as in-process) and its own notifications
 * ignored: locally each event comes once, and without a round trip. While the listener is away nothing is
 * queued: the other instances' events come from the event log's poll, a second late, until it is back.
 */
export class PostgresEventBroker extends EventBroker implements OnModuleDestroy {
  private readonly logger = new Logger(PostgresEventBroker.name);
  private readonly outage = new BrokerOutageLog(this.logger, 'The PostgreSQL listener');
  private readonly local = new LocalSubscribers(this.logger);
  private readonly origin = randomUUID();
  private readonly channel: string;
  private readonly dropped: DroppedMessages;
  /** Sends this instance's batches on the channel; GroupCommit calls it inside each transaction. */
  readonly announcer: CommitAnnouncer;
  /** The connection being opened or listening; null between attempts. */
  private connection: pg.Client | null = null;
  private listening = false;
  /** The attempt under way, so that the timer and the health check never open two connections at once. */
  private connecting: Promise<void> | null = null;
  private attempts = 0;
  private retry: NodeJS.Timeout | null = null;
  private closing = false;

  /** deploymentId: the identity of the database (readDeploymentId); only its instances' notifications are delivered. */
  constructor(
    private readonly url: string,
    private readonly deploymentId: string,
    metrics: StreamMetrics,
  ) {
    super();
    this.channel = notifyChannel(deploymentId);
    this.dropped = new DroppedMessages(this.logger, metrics, this.channel);
    this.announcer = new PostgresCommitAnnouncer(this.channel, deploymentId, this.origin);
  }

  /** Makes the first attempt to listen, and keeps trying in the background when it fails: start-up never waits longer. */
  start(): Promise<void> {
    return this.reconnect();
  }

  override publish(event: RecordedEvent): void {
    this.local.deliver(event);
  }

  override subscribe(clientId: string, onEvent: (event: RecordedEvent) => void): Subscription {
    return this.local.add(clientId, onEvent);
  }

  /**
   * Fails until the LISTEN is in place, and while its connection is down. Down, it tries at once rather than at the
   * end of the backoff: this broker is the database, and once the database answers again it should too.
   */
  override async ping(): Promise<void> {
    if (!this.listening && !this.closing) {
      if (this.retry) clearTimeout(this.retry);
      await this.reconnect();
    }
    const connection = this.connection;
    if (!this.listening || !connection) throw new Error(`not listening on ${this.channel}`);
    await connection.query('SELECT 1');
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.retry) clearTimeout(this.retry);
    this.local.close();
    const connection = this.connection;
    this.connection = null;
    this.listening = false;
    await connection?.end().catch(() => undefined);
  }

  private reconnect(): Promise<void> {
    this.connecting ??= this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    if (this.closing) return;
    this.attempts += 1;
    const connection = new pg.Client({
      connectionString: this.url,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
      application_name: LISTENER_APPLICATION_NAME,
    });
    this.connection = connection;
    connection.on('notification', ({ channel, payload }) => {
      if (channel === this.channel) this.receive(payload ?? '');
    });
    connection.on('error', (error: Error) => this.lost(connection, error.message));
    connection.on('end', () => this.lost(connection, 'connection closed'));
    try {
      await connection.connect();
      await connection.query(`LISTEN "${this.channel}"`);
    } catch (error) {
      this.lost(connection, error instanceof Error ? error.message : String(error));
      return;
    }
    if (this.connection !== connection) return; // lost, or closed, while the LISTEN was on its way
    this.listening = true;
    this.attempts = 0;
    if (!this.outage.recovered(this.channel)) this.logger.log(`listening on ${this.channel}`);
  }

  /** The connection is gone (every path that ends one comes here, some twice): log the outage once, try again later. */
  private lost(connection: pg.Client, reason: string): void {
    if (this.connection !== connection) return;
    this.connection = null;
    this.listening = false;
    connection.end().catch(() => undefined);
    if (this.closing) return;
    this.outage.failed(reason);
    this.retry = setTimeout(() => void this.reconnect(), reconnectDelay(this.attempts));
    this.retry.unref();
  }

  private receive(payload: string): void {
    const notice = decodeNotice(this.deploymentId, this.origin, payload);
    if ('events' in notice) for (const event of notice.events) this.local.deliver(event);
    else if ('dropped' in notice) this.dropped.drop(notice.dropped);
  }
}
