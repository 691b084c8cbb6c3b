import { DomainError } from '../../shared/domain/domain-error.js';

// Messages never carry the address or name: they reach the logs.
export class InvalidEmail extends DomainError {
  readonly kind = 'invalid';
  constructor() {
    super('email must be a valid address of at most 254 characters');
  }
}

export class InvalidUserName extends DomainError {
  readonly kind = 'invalid';
  constructor(reason = 'name must be 1 to 100 characters after trimming') {
    super(reason);
  }
}

export class EmailAlreadyTaken extends DomainError {
  readonly kind = 'conflict';
  constructor() {
    super('email is already taken');
  }
}

export class UserNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor() {
    super('user not found');
  }
}
