import { setTimeout as sleep } from 'node:timers/promises';
import type { MessageEvent } from '@nestjs/common';
import { type Observer, Subject, type Subscription } from 'rxjs';
import { RecordedEvent } from '../../../shared/application/recorded-event.js';
import { CountingStreamMetrics } from '../../../../test/support/counting-stream-metrics.js';
import { FakeOutlet } from '../../../../test/support/fake-outlet.js';
import type { StreamItem } from '../../application/stream-item.js';
import { toSseMessages } from './sse-connection.js';
import { eventMessage, HEARTBEAT, openingMessage, resetMessage } from './sse-message.js';

const HIGH_WATER = 64 * 1024;

const recorded = (position: number) =>
  new RecordedEvent(position, 'user.created', `30000000-0000-4000-8000-${String(position).padStart(12, '0')}`, new Date(Date.UTC(2026, 10, 24)), {
    email: `user${position}@example.com`,
    name: `User ${position}`,
  });
const event = (position: number, live: boolean): StreamItem => ({ kind: 'event', event: recorded(position), live });
const EVENT_BYTES = eventMessage(recorded(1)).bytes;

describe('toSseMessages', () => {
  let subscription: Subscription;
  afterEach(() => subscription.unsubscribe());

  function connect(options: { backlog?: number; maxBufferBytes?: number; heartbeatMs?: number } = {}, observer: Partial<Observer<MessageEvent>> = {}) {
    const items = new Subject<StreamItem>();
    const outlet = new FakeOutlet();
    outlet.backlog = options.backlog ?? 0;
    const metrics = new CountingStreamMetrics();
    const sent: MessageEvent[] = [];
    const messages = toSseMessages(items, {
      outlet,
      metrics,
      heartbeatMs: options.heartbeatMs ?? 60_000,
      retryMs: 3000,
      maxBufferBytes: options.maxBufferBytes ?? 1_048_576,
    });
    subscription = messages.subscribe({ ...observer, next: (message) => sent.push(message) });
    return { items, outlet, metrics, sent };
  }

  it('passes every message straight through while the outlet keeps up', () => {
    const { items, outlet, metrics, sent } = connect();
    items.next({ kind: 'opening', position: 4 });
    items.next({ kind: 'reset', lastEventId: '9', resumeFrom: 4 });
    items.next(event(5, false));
    items.next(event(6, true));
    expect(sent).toEqual([
      openingMessage(4, 3000).event,
      resetMessage('9', 4).event,
      eventMessage(recorded(5)).event,
      eventMessage(recorded(6)).event,
    ]);
    expect(outlet.handed).toEqual([openingMessage(4, 3000).bytes, resetMessage('9', 4).bytes, EVENT_BYTES, EVENT_BYTES]);
    expect(metrics.delivered).toBe(2);
  });

  it('holds replayed events while the outlet is above 64 KiB and releases them in order on progress', () => {
    const { items, outlet, sent } = connect({ backlog: HIGH_WATER });
    items.next({ kind: 'opening', position: 0 });
    for (const position of [1, 2, 3]) items.next(event(position, false));
    expect(sent).toEqual([]);
    outlet.progress(HIGH_WATER + 100);
    expect(sent).toEqual([]);
    outlet.progress(0);
    expect(sent.map((message) => message.id)).toEqual(['0', '1', '2', '3']);
  });

  it('never cuts a connection for replayed events, however many wait', () => {
    const { items, outlet, metrics } = connect({ backlog: HIGH_WATER, maxBufferBytes: HIGH_WATER + 1024 });
    for (let position = 1; position <= 50; position += 1) items.next(event(position, false));
    expect(outlet.cuts).toBe(0);
    expect(metrics.dropped).toBe(0);
  });

  it('queues live events behind a slow outlet while they fit in maxBufferBytes', () => {
    const { items, outlet, sent } = connect({ backlog: HIGH_WATER, maxBufferBytes: HIGH_WATER + 2 * EVENT_BYTES });
    items.next(event(1, true));
    items.next(event(2, true));
    expect(outlet.cuts).toBe(0);
    outlet.progress(0);
    expect(sent.map((message) => message.id)).toEqual(['1', '2']);
  });

  it('cuts the connection when a live event would push pending and queued live bytes past maxBufferBytes', () => {
    const { items, outlet, metrics, sent } = connect({ backlog: HIGH_WATER, maxBufferBytes: HIGH_WATER + 2 * EVENT_BYTES });
    items.next(event(1, true));
    items.next(event(2, true));
    items.next(event(3, true));
    expect(outlet.cuts).toBe(1);
    expect(metrics.dropped).toBe(1);
    expect(items.observed).toBe(false);
    outlet.progress(0);
    expect(sent).toEqual([]);
  });

  it('cuts on a live event when the outlet alone is already past maxBufferBytes', () => {
    const { items, outlet, metrics } = connect({ backlog: 2000, maxBufferBytes: 2000 });
    items.next(event(1, true));
    expect(outlet.cuts).toBe(1);
    expect(metrics.dropped).toBe(1);
  });

  it('sends a heartbeat comment after heartbeatMs of quiet', async () => {
    const { sent } = connect({ heartbeatMs: 50 });
    await sleep(25);
    expect(sent).toEqual([]);
    await sleep(60);
    expect(sent[0]).toEqual(HEARTBEAT.event);
  });

  it('queues no heartbeats while a stalled outlet holds the stream, and sends one once it is idle again', async () => {
    const { outlet, sent } = connect({ backlog: HIGH_WATER, heartbeatMs: 20 });
    await sleep(200);
    outlet.progress(0);
    expect(sent.filter((message) => message.comment === 'heartbeat')).toHaveLength(0);
    await sleep(60);
    expect(sent.filter((message) => message.comment === 'heartbeat').length).toBeGreaterThanOrEqual(1);
  });

  it('sends no heartbeat while messages keep the stream busy', async () => {
    const { items, sent } = connect({ heartbeatMs: 60 });
    for (let position = 1; position <= 6; position += 1) {
      await sleep(20);
      items.next(event(position, true));
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

  it('stops the heartbeat and lets go of the items once unsubscribed', async () => {
    const { items, sent } = connect({ heartbeatMs: 30 });
    subscription.unsubscribe();
    expect(items.observed).toBe(false);
    await sleep(60);
    expect(sent).toEqual([]);
  });
});
