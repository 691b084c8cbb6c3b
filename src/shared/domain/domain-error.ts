/** How a failure reads to a client; the HTTP layer maps each kind to a status code. */
export type DomainErrorKind = 'invalid' | 'not-found' | 'conflict' | 'unavailable';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
