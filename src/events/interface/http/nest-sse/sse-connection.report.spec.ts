import { Subject, type Subscription } from 'rxjs';
import { RecordedEvent } from '../../../../shared/application/recorded-event.js';
import { CountingStreamMetrics } from '../../../../../test/support/counting-stream-metrics.js';
import { FakeOutlet } from '../../../../../test/support/fake-outlet.js';
import type { StreamItem } from '../../../application/stream-item.js';
import { StreamReport } from '../../../application/stream-report.js';
import { toSseMessages } from './sse-connection.js';
import { eventMessage } from '../sse-message.js';

const recorded = (position: number) =>
  new RecordedEvent(position, 'user.created', `30000000-0000-4000-8000-${String(position).padStart(12, '0')}`, new Date(Date.UTC(2026, 10, 24)), {
    name: `User ${position}`,
  });
const encoded = (position: number) => eventMessage(recorded(position));
const EVENT_BYTES = encoded(1).bytes;

describe('what a connection reports for its close line and the stream metrics', () => {
  const subscriptions: Subscription[] = [];
  afterEach(() => subscriptions.splice(0).forEach((subscription) => subscription.unsubscribe()));

  function connect(items: Subject<StreamItem>, metrics = new CountingStreamMetrics(), maxBufferBytes = 1_048_576) {
    const outlet = new FakeOutlet();
    const report = new StreamReport();
    subscriptions.push(toSseMessages(items, { outlet, metrics, heartbeatMs: 60_000, retryMs: 3000, maxBufferBytes, report }).subscribe({ error: () => undefined }));
    items.next({ kind: 'opening', position: 0 });
    items.next({ kind: 'replay', events: [], more: null });
    return { outlet, report, metrics };
  }

  it('counts the events it writes, not the opening, and calls an end it did not cause the client\'s', () => {
    const items = new Subject<StreamItem>();
    const { report } = connect(items);
    for (const position of [1, 2, 3]) items.next({ kind: 'live', event: encoded(position) });
    expect({ delivered: report.delivered, reason: report.reason }).toEqual({ delivered: 3, reason: 'client-closed' });
  });

  it('blames the slow reader when it cuts the connection, whatever closes the socket after', () => {
    const items = new Subject<StreamItem>();
    const { outlet, report } = connect(items, new CountingStreamMetrics(), 4 * EVENT_BYTES);
    outlet.stall();
    for (let position = 1; position <= 10 && outlet.cuts === 0; position += 1) items.next({ kind: 'live', event: encoded(position) });
    report.endedBy('client-closed');
    expect({ cuts: outlet.cuts, reason: report.reason, delivered: report.delivered }).toEqual({ cuts: 1, reason: 'slow-reader', delivered: 4 });
  });

  it('says the stream ended in error when its items fail', () => {
    const items = new Subject<StreamItem>();
    const { report } = connect(items);
    items.error(new Error('log unreachable'));
    expect(report.reason).toBe('error');
  });

  it('observes commit-to-write once per event across the connections a turn writes it to, and not for events found in the log', () => {
    const items = new Subject<StreamItem>();
    const metrics = new CountingStreamMetrics();
    for (let connection = 0; connection < 3; connection += 1) connect(items, metrics);
    const committedAt = performance.now();
    items.next({ kind: 'live', event: encoded(1), committedAt });
    items.next({ kind: 'live', event: encoded(2), committedAt });
    items.next({ kind: 'live', event: encoded(3) });
    expect(metrics.delivered).toBe(9);
    expect(metrics.writeDelays).toHaveLength(2);
    expect(metrics.writeDelays.every((seconds) => seconds >= 0)).toBe(true);
  });

  it('observes an event that waited behind the replay when it is written, not when it came', () => {
    const items = new Subject<StreamItem>();
    const metrics = new CountingStreamMetrics();
    const outlet = new FakeOutlet();
    subscriptions.push(toSseMessages(items, { outlet, metrics, heartbeatMs: 60_000, retryMs: 3000, maxBufferBytes: 1_048_576 }).subscribe());
    items.next({ kind: 'replay', events: [], more: () => undefined }); // the replay's last part is still to come
    items.next({ kind: 'live', event: encoded(2), committedAt: performance.now() });
    expect(metrics.writeDelays).toEqual([]);
    items.next({ kind: 'replay', events: [encoded(1)], more: null });
    expect(metrics.writeDelays).toHaveLength(1);
  });
});
