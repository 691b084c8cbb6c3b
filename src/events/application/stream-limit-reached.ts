import { DomainError } from '../../shared/domain/domain-error.js';

/** SSE_MAX_CONNECTIONS streams are open: a new one has to come back later. */
export class StreamLimitReached extends DomainError {
  readonly kind = 'unavailable';

  constructor() {
    super('too many open event streams, retry later');
  }
}
