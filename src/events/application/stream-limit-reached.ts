import { DomainError } from '../../shared/domain/domain-error.js';

/** SSE_MAX_CONNECTIONS streams are open: a new one has to come back later. */
export class StreamLimitReached extends DomainError {
  readonly kind = 'unavailable';

  constructor(message = 'too many open event streams, retry later') {
    super(message);
  }
}

/** This client holds SSE_MAX_CONNECTIONS_PER_CLIENT streams already: the others' room is not its to take. */
export class ClientStreamLimitReached extends StreamLimitReached {
  constructor(limit: number) {
    super(`this client has ${limit} event streams open already, the most it may; close one or retry later`);
  }
}
