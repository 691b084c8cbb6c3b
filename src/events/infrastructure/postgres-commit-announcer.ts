import { type Announcement, CommitAnnouncer } from '../../shared/application/commit-announcer.js';
import type { RecordedEvent } from '../../shared/application/recorded-event.js';
import { encodeNotices } from './postgres-notice.js';

/** Announces each committed batch on the deployment's NOTIFY channel, for PostgresEventBroker on every instance. */
export class PostgresCommitAnnouncer extends CommitAnnouncer {
  constructor(
    private readonly channel: string,
    private readonly deploymentId: string,
    private readonly origin: string,
  ) {
    super();
  }

  override announce(events: readonly RecordedEvent[]): readonly Announcement[] {
    return encodeNotices(this.deploymentId, this.origin, events).map((payload) => ({ channel: this.channel, payload }));
  }
}
