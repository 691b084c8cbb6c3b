import { jest } from '@jest/globals';
import type { MessageEvent } from '@nestjs/common';
import { type Observer, Subject, type Subscription } from 'rxjs';
import { RecordedEvent } from '../../../../shared/application/recorded-event.js';
import { CountingStreamMetrics } from '../../../../../test/support/counting-stream-metrics.js';
import { FakeOutlet } from '../../../../../test/support/fake-outlet.js';
import type { ReplayPart, StreamItem } from '../../../application/stream-item.js';
import { toSseMessages } from './sse-connection.js';
import { eventMessage, HEARTBEAT, openingMessage, resetMessage } from '../sse-message.js';

const HIGH_WATER = 64 * 1024;

const recorded = (position: number) =>
  new RecordedEvent(position, 'user.created', `30000000-0000-4000-8000-${String(position).padStart(12, '0')}`, new Date(Date.UTC(2026, 10, 24)), {
    email: `user${position}@example.com`,
    name: `User ${position}`,
  });
const live = (position: number): StreamItem => ({ kind: 'live', event: eventMessage(recorded(position)) });
const EVENT_BYTES = eventMessage(recorded(1)).bytes;
const ids = (sent: readonly MessageEvent[]) => sent.map((message) => message.id);

describe('toSseMessages', () => {
  let subscription: Subscription;
  afterEach(() => {
    subscription.unsubscribe();
    jest.useRealTimers();
  });

  // Heartbeats are about time: a fake clock makes them exact, on a loaded machine too.
  const sleep = (ms: number) => jest.advanceTimersByTime(ms);

  function connect(options: { backlog?: number; maxBufferBytes?: number; heartbeatMs?: number } = {}, observer: Partial<Observer<MessageEvent>> = {}) {
    const items = new Subject<StreamItem>();
    const outlet = new FakeOutlet();
    outlet.backlog = options.backlog ?? 0;
    const metrics = new CountingStreamMetrics();
    const sent: MessageEvent[] = [];
    const asked: number[] = [];
    const messages = toSseMessages(items, {
      outlet,
      metrics,
      heartbeatMs: options.heartbeatMs ?? 60_000,
      retryMs: 3000,
      maxBufferBytes: options.maxBufferBytes ?? 1_048_576,
    });
    subscription = messages.subscribe({ ...observer, next: (message) => sent.push(message) });
    /** A part of the replay; `last` ends it, otherwise the connection's ask for the next part is recorded. */
    const part = (positions: readonly number[], last = false): ReplayPart => ({
      kind: 'replay',
      events: positions.map((position) => eventMessage(recorded(position))),
      more: last ? null : (maxBytes) => asked.push(maxBytes),
    });
    return { items, outlet, metrics, sent, asked, part };
  }

  it('passes every message straight through while the outlet keeps up', () => {
    const { items, outlet, metrics, sent, part } = connect();
    items.next({ kind: 'opening', position: 4 });
    items.next({ kind: 'reset', lastEventId: '9', resumeFrom: 4 });
    items.next(part([5], true));
    items.next(live(6));
    expect(sent).toEqual([openingMessage(4, 3000).message, resetMessage('9', 4).message, eventMessage(recorded(5)).message, eventMessage(recorded(6)).message]);
    expect(outlet.handed).toEqual([openingMessage(4, 3000).bytes, resetMessage('9', 4).bytes, EVENT_BYTES, EVENT_BYTES]);
    expect(metrics.delivered).toBe(2);
  });

  it('asks for the next part of the replay once the last has gone out, for what fits under 64 KiB and under the cap', () => {
    const { items, outlet, asked, part } = connect({ maxBufferBytes: 100_000 });
    items.next(part([]));
    expect(asked).toEqual([HIGH_WATER]);
    outlet.backlog = 40_000;
    items.next(part([1, 2]));
    expect(asked).toEqual([HIGH_WATER, HIGH_WATER - 40_000]);
    items.next(live(9)); // waits behind the replay, and takes room under the cap
    outlet.backlog = 0;
    items.next(part([3]));
    expect(asked.at(-1)).toBe(Math.min(HIGH_WATER, 100_000 - EVENT_BYTES));
  });

  it('waits for the client to take some bytes before it asks for a part that would be small', () => {
    const { items, outlet, asked, part } = connect();
    outlet.backlog = HIGH_WATER - 1000;
    items.next(part([]));
    expect(asked).toEqual([]);
    outlet.progress(0);
    expect(asked).toEqual([HIGH_WATER]);
  });

  it('holds a part while the outlet is above 64 KiB, and asks for the next one only once it has gone out', () => {
    const { items, outlet, sent, asked, part } = connect({ backlog: HIGH_WATER });
    items.next({ kind: 'opening', position: 0 });
    items.next(part([1, 2, 3]));
    expect({ sent: ids(sent), asked }).toEqual({ sent: [], asked: [] });
    outlet.progress(HIGH_WATER + 100);
    expect(sent).toEqual([]);
    outlet.progress(0);
    expect({ sent: ids(sent), asked }).toEqual({ sent: ['0', '1', '2', '3'], asked: [HIGH_WATER] });
  });

  it('sends the live events that come during the replay after its last part', () => {
    const { items, sent, part } = connect();
    items.next(part([1]));
    items.next(live(4));
    items.next(live(5));
    items.next(part([2, 3], true));
    items.next(live(6));
    expect(ids(sent)).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('never cuts a connection for a part of the replay it asked for', () => {
    const { items, outlet, metrics, part } = connect({ backlog: HIGH_WATER, maxBufferBytes: HIGH_WATER + 1024 });
    items.next(part(Array.from({ length: 50 }, (_, index) => index + 1)));
    expect({ cuts: outlet.cuts, dropped: metrics.dropped }).toEqual({ cuts: 0, dropped: 0 });
  });

  it('counts the replayed bytes it holds when a live event would pass maxBufferBytes', () => {
    const { items, outlet, metrics, part } = connect({ backlog: HIGH_WATER, maxBufferBytes: HIGH_WATER + 3 * EVENT_BYTES });
    items.next(part([1, 2]));
    items.next(live(3));
    expect(outlet.cuts).toBe(0);
    items.next(live(4));
    expect({ cuts: outlet.cuts, dropped: metrics.dropped, observed: items.observed }).toEqual({ cuts: 1, dropped: 1, observed: false });
  });

  it('queues live events behind a slow outlet while they fit in maxBufferBytes', () => {
    const { items, outlet, sent, part } = connect({ backlog: HIGH_WATER, maxBufferBytes: HIGH_WATER + 2 * EVENT_BYTES });
    items.next(part([], true));
    items.next(live(1));
    items.next(live(2));
    expect(outlet.cuts).toBe(0);
    outlet.progress(0);
    expect(ids(sent)).toEqual(['1', '2']);
  });

  it('cuts the connection when a live event would push pending and queued bytes past maxBufferBytes', () => {
    const { items, outlet, metrics, sent, part } = connect({ backlog: HIGH_WATER, maxBufferBytes: HIGH_WATER + 2 * EVENT_BYTES });
    items.next(part([], true));
    items.next(live(1));
    items.next(live(2));
    items.next(live(3));
    expect({ cuts: outlet.cuts, dropped: metrics.dropped, observed: items.observed }).toEqual({ cuts: 1, dropped: 1, observed: false });
    outlet.progress(0);
    expect(sent).toEqual([]);
  });

  it('cuts on a live event when the outlet alone is already past maxBufferBytes', () => {
    const { items, outlet, metrics, part } = connect({ backlog: 2000, maxBufferBytes: 2000 });
    items.next(part([], true));
    items.next(live(1));
    expect({ cuts: outlet.cuts, dropped: metrics.dropped }).toEqual({ cuts: 1, dropped: 1 });
  });

  it('sends a heartbeat comment after heartbeatMs of quiet', () => {
    jest.useFakeTimers();
    const { sent } = connect({ heartbeatMs: 50 });
    sleep(25);
    expect(sent).toEqual([]);
    sleep(60);
    expect(sent[0]).toEqual(HEARTBEAT.message);
  });

  it('queues no heartbeats while a stalled outlet holds the stream, and sends one once it is idle again', () => {
    jest.useFakeTimers();
    const { outlet, sent } = connect({ backlog: HIGH_WATER, heartbeatMs: 20 });
    sleep(200);
    outlet.progress(0);
    expect(sent.filter((message) => message.comment === 'heartbeat')).toHaveLength(0);
    sleep(60);
    expect(sent.filter((message) => message.comment === 'heartbeat').length).toBeGreaterThanOrEqual(1);
  });

  it('sends no heartbeat while messages keep the stream busy', () => {
    jest.useFakeTimers();
    const { items, sent, part } = connect({ heartbeatMs: 60 });
    items.next(part([], true));
    for (let position = 1; position <= 6; position += 1) {
      sleep(20);
      items.next(live(position));
    }
    expect(sent.filter((message) => message.comment !== undefined)).toEqual([]);
  });

  it('completes when the stream of items completes', () => {
    let completed = false;
    const { items } = connect({}, { complete: () => (completed = true) });
    items.complete();
    expect(completed).toBe(true);
  });

  it('ends the stream cleanly on an error of the items, never passing it to Nest, which would send it with an id of its own', () => {
    let errored = false;
    let completed = false;
    const { items } = connect({}, { error: () => (errored = true), complete: () => (completed = true) });
    items.error(new Error('log unreachable'));
    expect({ errored, completed }).toEqual({ errored: false, completed: true });
  });

  it('stops the heartbeat and lets go of the items once unsubscribed', () => {
    jest.useFakeTimers();
    const { items, sent } = connect({ heartbeatMs: 30 });
    subscription.unsubscribe();
    expect(items.observed).toBe(false);
    sleep(60);
    expect(sent).toEqual([]);
  });
});
