import { EventStreams } from '../../src/events/application/event-streams.js';
import { LogHead } from '../../src/events/application/log-head.js';
import { OrderedEventFeed } from '../../src/events/application/ordered-event-feed.js';
import type { EventEncoder } from '../../src/events/application/ports/event-encoder.js';
import { RecentEvents } from '../../src/events/application/recent-events.js';
import { ReplayPages } from '../../src/events/application/replay-pages.js';
import { ReplayTurns } from '../../src/events/application/replay-turns.js';
import type { EventBroker } from '../../src/events/application/ports/event-broker.js';
import type { AppConfig } from '../../src/config/app-config.js';
import type { EventLog } from '../../src/shared/application/event-log.js';
import { appConfig } from './app-config.js';
import { CountingEventEncoder } from './counting-event-encoder.js';
import { CountingStreamMetrics } from './counting-stream-metrics.js';

export interface StreamsSetup {
  readonly feed: OrderedEventFeed;
  readonly recent: RecentEvents;
  readonly pages: ReplayPages;
  readonly streams: EventStreams;
  readonly metrics: CountingStreamMetrics;
}

/**
 * The stream side of the events module as events.module.ts wires it, over a log and a broker; the feed
 * started. `replayLog` is the log the streams read (a counting or slow one), the feed reads `log`.
 */
export async function startStreams(options: {
  readonly log: EventLog;
  readonly broker: EventBroker;
  readonly replayLog?: EventLog;
  readonly encoder?: EventEncoder;
  readonly config?: AppConfig;
}): Promise<StreamsSetup> {
  const { log, broker, replayLog = log, encoder = new CountingEventEncoder(), config = appConfig() } = options;
  const recent = new RecentEvents(config.sse);
  const feed = new OrderedEventFeed(log, broker, encoder, recent);
  await feed.onModuleInit();
  const pages = new ReplayPages(replayLog, encoder, feed);
  const metrics = new CountingStreamMetrics();
  const streams = new EventStreams(feed, recent, pages, new LogHead(replayLog), new ReplayTurns(), config.sse, metrics);
  return { feed, recent, pages, streams, metrics };
}
