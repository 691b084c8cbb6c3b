import type { RecordedEvent } from './recorded-event.js';

/** A message for whoever listens on the database: PostgreSQL's NOTIFY, sent with the transaction's commit. */
export interface Announcement {
  readonly channel: string;
  readonly payload: string;
}

/**
 * Says what a batch of events committed, to the listeners on the database. The group commit asks it inside the
 * transaction, once the batch's events are written, and sends what it answers as part of that transaction: the
 * database delivers it only if the batch commits, and in commit order. A batch that rolls back announces nothing.
 */
export abstract class CommitAnnouncer {
  /** The announcements of these events, oldest first; none at all is a valid answer. */
  abstract announce(events: readonly RecordedEvent[]): readonly Announcement[];
}
