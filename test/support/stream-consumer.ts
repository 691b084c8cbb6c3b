import type { Observable, Subscription } from 'rxjs';
import type { StreamItem } from '../../src/events/application/stream-item.js';

/** One item as a test reads it: "opening 2", "reset 2->7", "replay 3 user.created", "live 6 user.created". */
export type Received = string;

/**
 * Reads a stream as a connection does: asks for every part of the replay as soon as the last one is in (a
 * turn later), and sends live events that arrive before the last part after it. `received` is the send order.
 */
export class StreamConsumer {
  readonly received: Received[] = [];
  private readonly subscription: Subscription;
  private behind: Received[] = [];
  private replaying = true;

  constructor(stream: Observable<StreamItem>, partBytes = 64 * 1024) {
    this.subscription = stream.subscribe((item) => {
      if (item.kind === 'opening') this.received.push(`opening ${item.position}`);
      else if (item.kind === 'reset') this.received.push(`reset ${item.lastEventId}->${item.resumeFrom}`);
      else if (item.kind === 'live') (this.replaying ? this.behind : this.received).push(`live ${item.event.position} ${item.event.type}`);
      else {
        this.received.push(...item.events.map((event) => `replay ${event.position} ${event.type}`));
        if (item.more) setImmediate(item.more, partBytes);
        else if (this.replaying) {
          this.replaying = false;
          this.received.push(...this.behind);
          this.behind = [];
        }
      }
    });
  }

  /** The positions of the events sent, in order. */
  get positions(): number[] {
    return this.received.filter((line) => /^(replay|live) /.test(line)).map((line) => Number(line.split(' ')[1]));
  }

  unsubscribe(): void {
    this.subscription.unsubscribe();
  }
}
