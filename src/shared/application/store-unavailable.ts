import { DomainError } from '../domain/domain-error.js';

/** The store could not be reached; nothing was written. */
export class StoreUnavailable extends DomainError {
  readonly kind = 'unavailable';

  constructor() {
    super('the database is unavailable, try again shortly');
  }
}
