import type { EventLog } from '../../../shared/application/event-log.js';
import type { UserRepository } from './user.repository.js';

export interface UsersTransaction {
  readonly users: UserRepository;
  readonly eventLog: EventLog;
}

/** Runs work in one transaction: the user change and its events are committed together or not at all. */
export abstract class UsersUnitOfWork {
  /** work may run more than once (a transaction that failed for another reason is retried), so it changes nothing but tx. */
  abstract run<T>(work: (tx: UsersTransaction) => Promise<T>): Promise<T>;
}
