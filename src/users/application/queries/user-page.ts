import type { User } from '../../domain/user.js';

export interface UserPage {
  readonly items: readonly User[];
  readonly nextCursor: string | null;
  /** The event-log position the page reflects: resume the stream from it. */
  readonly position: number;
}
