import type { User } from '../../domain/user.js';

export interface UserPage {
  readonly items: readonly User[];
  readonly nextCursor: string | null;
}
