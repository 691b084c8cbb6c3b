import { jest } from '@jest/globals';
import { Subject } from 'rxjs';
import { appConfig } from '../../../test/support/app-config.js';
import { CountingStreamMetrics } from '../../../test/support/counting-stream-metrics.js';
import { StreamConnections } from './stream-connections.js';
import { ClientStreamLimitReached, StreamLimitReached } from './stream-limit-reached.js';

describe('StreamConnections', () => {
  let metrics: CountingStreamMetrics;
  let connections: StreamConnections;

  beforeEach(() => {
    metrics = new CountingStreamMetrics();
    connections = new StreamConnections(appConfig({ SSE_MAX_CONNECTIONS: 2 }).sse, metrics);
  });

  const lifetime = () => new AbortController();

  it('counts a slot as soon as it is reserved, before any stream is subscribed', () => {
    connections.reserve(lifetime().signal);
    connections.reserve(lifetime().signal);
    expect({ count: connections.count, opened: metrics.opened }).toEqual({ count: 2, opened: 2 });
  });

  it('refuses a reservation past the limit, however many come in the same turn', () => {
    const taken = [lifetime(), lifetime()].map(({ signal }) => connections.reserve(signal));
    expect(() => connections.reserve(lifetime().signal)).toThrow(StreamLimitReached);
    expect(taken).toHaveLength(2);
    expect(connections.count).toBe(2);
  });

  it('frees the slot when its lifetime aborts before any stream holds it, once', () => {
    const request = lifetime();
    connections.reserve(request.signal);
    request.abort();
    request.abort();
    expect({ count: connections.count, closed: metrics.closed }).toEqual({ count: 0, closed: 1 });
    connections.reserve(lifetime().signal);
    connections.reserve(lifetime().signal);
    expect(connections.count).toBe(2);
  });

  it('frees at once the slot of a request whose lifetime ended before it reserved', () => {
    const request = lifetime();
    request.abort();
    connections.reserve(request.signal);
    expect({ count: connections.count, closed: metrics.closed }).toEqual({ count: 0, closed: 1 });
  });

  it('frees the slot when its stream ends, and not twice when the lifetime aborts after', () => {
    const request = lifetime();
    const subscription = connections.reserve(request.signal).hold(new Subject<number>()).subscribe();
    subscription.unsubscribe();
    request.abort();
    expect({ count: connections.count, closed: metrics.closed }).toEqual({ count: 0, closed: 1 });
  });

  it('completes every held stream at shutdown and refuses new ones', () => {
    let completed = 0;
    for (const request of [lifetime(), lifetime()]) {
      connections.reserve(request.signal).hold(new Subject<number>()).subscribe({ complete: () => (completed += 1) });
    }
    connections.closeAll();
    expect({ completed, count: connections.count }).toEqual({ completed: 2, count: 0 });
    expect(() => connections.reserve(lifetime().signal)).toThrow(StreamLimitReached);
  });

  describe('per client', () => {
    beforeEach(() => {
      connections = new StreamConnections(appConfig({ SSE_MAX_CONNECTIONS: 10, SSE_MAX_CONNECTIONS_PER_CLIENT: 2 }).sse, metrics);
    });

    const as = (client: string) => ({ client, until: null });

    it("refuses a client past its share with its own error, and leaves the others' room alone", () => {
      connections.reserve(lifetime().signal, as('ann'));
      connections.reserve(lifetime().signal, as('ann'));
      expect(() => connections.reserve(lifetime().signal, as('ann'))).toThrow(ClientStreamLimitReached);
      connections.reserve(lifetime().signal, as('bob'));
      expect(connections.count).toBe(3);
    });

    it("gives a client its room back as its streams end", () => {
      const first = lifetime();
      connections.reserve(first.signal, as('ann'));
      connections.reserve(lifetime().signal, as('ann'));
      first.abort();
      expect(() => connections.reserve(lifetime().signal, as('ann'))).not.toThrow();
    });
  });

  describe('until', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it("completes a held stream at its holder's time, and frees its slot", () => {
      let completed = 0;
      const until = new Date(Date.now() + 5_000);
      connections.reserve(lifetime().signal, { client: 'ann', until }).hold(new Subject<number>()).subscribe({ complete: () => (completed += 1) });
      jest.advanceTimersByTime(4_999);
      expect(completed).toBe(0);
      jest.advanceTimersByTime(1);
      expect({ completed, count: connections.count }).toEqual({ completed: 1, count: 0 });
    });

    it('completes at once a stream whose time is past, and waits past what one timer can hold', () => {
      let completed = 0;
      connections.reserve(lifetime().signal, { client: 'ann', until: new Date(Date.now() - 1) }).hold(new Subject<number>()).subscribe({ complete: () => (completed += 1) });
      expect(completed).toBe(1);
      const far = new Date(Date.now() + 2 ** 31 + 10_000);
      connections.reserve(lifetime().signal, { client: 'bob', until: far }).hold(new Subject<number>()).subscribe({ complete: () => (completed += 1) });
      jest.advanceTimersByTime(2 ** 31);
      expect(completed).toBe(1);
      jest.advanceTimersByTime(10_000);
      expect(completed).toBe(2);
    });
  });
});
