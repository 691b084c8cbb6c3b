import { Clock } from '../../src/shared/application/clock.js';

/** A clock that reads what the test set, so that every time in an assertion is known in advance. */
export class FixedClock extends Clock {
  constructor(public current: Date) {
    super();
  }

  now(): Date {
    return this.current;
  }
}
