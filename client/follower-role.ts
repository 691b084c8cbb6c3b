import { type ConnectionState, CONNECTING } from './connection-state.js';
import { CatchUp } from './catch-up.js';
import type { RoleCallbacks } from './leader-role.js';
import type { TabChannel, TabMessage } from './tab-channel.js';
import type { TabDeliveries } from './tab-deliveries.js';

/**
 * A tab that receives the leader's events over the channel. It says hello with its last id whenever it
 * starts, restarts or a new leader comes, and merges the answer with what was broadcast meanwhile.
 */
export class FollowerRole {
  private readonly catchUp: CatchUp;
  private hellos = 0;
  private leaderState: ConnectionState = CONNECTING;

  constructor(
    private readonly tabId: string,
    private readonly deliveries: TabDeliveries,
    private readonly callbacks: RoleCallbacks,
    private readonly channel: TabChannel,
  ) {
    this.catchUp = new CatchUp((event) => deliveries.offer(event));
  }

  start(): void {
    this.channel.listen((message) => this.hear(message));
    this.callbacks.onConnectionState(this.leaderState);
    this.sayHello();
  }

  restart(after: number): void {
    this.deliveries.jumpTo(after);
    this.catchUp.abandon();
    this.sayHello();
    // The application may have a new session now: a leader waiting to retry need not wait any longer.
    this.channel.post({ kind: 'retry' });
  }

  /** Closed, or taking the lead: what it holds comes again on the leader's connection, from its last id. */
  close(): void {
    this.catchUp.abandon();
  }

  private hear(message: TabMessage): void {
    switch (message.kind) {
      case 'event':
        return this.catchUp.live(message.event);
      case 'state':
        return this.follow(message.state);
      case 'reset':
        this.deliveries.jumpTo(message.reset.resumeFrom);
        this.catchUp.history([]);
        return this.callbacks.onReset(message.reset);
      case 'leader':
        return this.sayHello();
      case 'history':
        if (message.to !== this.tabId || message.hello !== this.hellos) return;
        this.follow(message.state);
        if (message.events !== null) return this.catchUp.history(message.events);
        return this.fallBehind(message.upTo);
    }
  }

  // The leader no longer holds what came after this tab's id: like the server's stream.reset, go on from its
  // last id and ask the application to reload.
  private fallBehind(resumeFrom: number): void {
    const lastEventId = String(this.deliveries.last);
    this.deliveries.jumpTo(resumeFrom);
    this.catchUp.history([]);
    this.callbacks.onReset({ lastEventId, resumeFrom });
  }

  private sayHello(): void {
    this.hellos += 1;
    this.catchUp.awaitHistory();
    this.channel.post({ kind: 'hello', from: this.tabId, hello: this.hellos, after: this.deliveries.last });
  }

  private follow(state: ConnectionState): void {
    this.leaderState = state;
    this.callbacks.onConnectionState(state);
  }
}
