import { Logger } from '@nestjs/common';
import { ClientIdInUse } from '../application/ports/event-broker.js';
import { RecordedEvent } from '../../shared/application/recorded-event.js';
import { LocalSubscribers } from './local-subscribers.js';

class RecordingLogger extends Logger {
  readonly errors: string[] = [];

  override error(message: string): void {
    this.errors.push(message);
  }
}

const eventAt = (position: number): RecordedEvent =>
  new RecordedEvent(position, 'user.deleted', '20000000-0000-4000-8000-000000000001', new Date('2026-12-01T10:00:00.000Z'), {});

describe('LocalSubscribers', () => {
  let logger: RecordingLogger;
  let subscribers: LocalSubscribers;

  beforeEach(() => {
    logger = new RecordingLogger();
    subscribers = new LocalSubscribers(logger);
  });

  it('names the client id in use when it refuses one', () => {
    subscribers.add('feed', () => undefined);
    expect(() => subscribers.add('feed', () => undefined)).toThrow(new ClientIdInUse('feed'));
  });

  it('frees every client id when it closes', () => {
    const delivered: number[] = [];
    const subscription = subscribers.add('feed', (event) => delivered.push(event.position));
    subscribers.close();

    expect(subscription.closed).toBe(true);
    expect(() => subscribers.add('feed', () => undefined)).not.toThrow();
  });

  it('logs a subscriber that throws at its 1st, 10th and 100th failure, naming it and the event', () => {
    subscribers.add('feed', () => {
      throw new Error('boom');
    });
    for (let position = 1; position <= 100; position++) subscribers.deliver(eventAt(position));

    expect(logger.errors).toEqual([
      'subscriber "feed" threw on event 1 (1 time(s) so far); the others still get it',
      'subscriber "feed" threw on event 10 (10 time(s) so far); the others still get it',
      'subscriber "feed" threw on event 100 (100 time(s) so far); the others still get it',
    ]);
  });
});
