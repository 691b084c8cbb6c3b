import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Observable, Subject, type Subscription } from 'rxjs';
import { EventLog } from '../../shared/application/event-log.js';
import type { RecordedEvent } from '../../shared/application/recorded-event.js';
import { EventBroker } from './ports/event-broker.js';
import { EventEncoder } from './ports/event-encoder.js';
import { RecentEvents } from './recent-events.js';
import type { LiveEvent } from './stream-item.js';

// Catches up from the log even when no publish arrives: an event committed by a process that died
// before publishing, or by an instance that shares the database but not the broker.
const POLL_INTERVAL_MS = 1000;
const CATCH_UP_PAGE = 1000;

/**
 * The live events of this instance, each exactly once and in log order. Brokers may deliver out of
 * order (two commits publish in a race; instances publish through Redis independently), so events
 * ahead of a gap wait while the gap is filled from the log, where every published event already is.
 * Each event is encoded once here, kept in the window of recent events, and handed to every stream as it is.
 */
@Injectable()
export class OrderedEventFeed implements OnModuleInit, OnModuleDestroy {
  private readonly ordered = new Subject<LiveEvent>();
  private readonly waiting = new Map<number, RecordedEvent>();
  // When the broker brought each waiting event: the commit-to-write delay starts there.
  private readonly arrivedAt = new Map<number, number>();
  private delivered = 0;
  private started = false;
  private catchingUp: Promise<void> | null = null;
  private subscription: Subscription | null = null;
  private poll: NodeJS.Timeout | null = null;

  readonly events$: Observable<LiveEvent> = this.ordered.asObservable();

  constructor(
    private readonly log: EventLog,
    private readonly broker: EventBroker,
    private readonly encoder: EventEncoder,
    private readonly recent: RecentEvents,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscription = this.broker.subscribe('ordered-event-feed', (event) => this.receive(event));
    this.delivered = await this.log.head();
    this.started = true;
    for (const position of this.waiting.keys()) if (position <= this.delivered) this.forget(position);
    this.release();
    this.poll = setInterval(() => void this.catchUp(), POLL_INTERVAL_MS);
    this.poll.unref();
  }

  // The feed is not completed here: Nest destroys modules before the shutdown hooks run, and the
  // streams must end through StreamConnections.closeAll(), which waits for their last bytes.
  onModuleDestroy(): void {
    if (this.poll) clearInterval(this.poll);
    this.subscription?.unsubscribe();
  }

  /** The position of the last event handed to subscribers; the window of recent events ends there. */
  get position(): number {
    return this.delivered;
  }

  private receive(event: RecordedEvent): void {
    if (event.position <= this.delivered) return;
    this.waiting.set(event.position, event);
    this.arrivedAt.set(event.position, performance.now());
    if (!this.started) return;
    this.release();
    if (this.waiting.size > 0) void this.catchUp();
  }

  private release(): void {
    for (let next = this.waiting.get(this.delivered + 1); next; next = this.waiting.get(this.delivered + 1)) {
      this.waiting.delete(next.position);
      this.deliver(next);
    }
  }

  private deliver(event: RecordedEvent): void {
    const committedAt = this.arrivedAt.get(event.position);
    this.arrivedAt.delete(event.position);
    const live: LiveEvent = { kind: 'live', event: this.encoder.encode(event), committedAt };
    this.delivered = event.position;
    this.recent.add(live);
    this.ordered.next(live);
  }

  private forget(position: number): void {
    this.waiting.delete(position);
    this.arrivedAt.delete(position);
  }

  private catchUp(): Promise<void> {
    this.catchingUp ??= this.readMissing().finally(() => {
      this.catchingUp = null;
    });
    return this.catchingUp;
  }

  private async readMissing(): Promise<void> {
    try {
      const head = await this.log.head();
      while (this.delivered < head) {
        const page = await this.log.readRange(this.delivered, Math.min(head, this.delivered + CATCH_UP_PAGE));
        if (page.length === 0) return;
        for (const event of page) {
          if (event.position === this.delivered + 1) this.deliver(event);
          this.forget(event.position);
        }
        this.release();
      }
    } catch {
      // The log is unreachable: the next publish or poll tries again, and health reports the store.
    }
  }
}
