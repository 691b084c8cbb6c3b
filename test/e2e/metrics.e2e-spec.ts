import { type BootedApp, bootApp } from '../support/boot-app.js';
import { readMetrics } from '../support/metrics.js';
import { StreamClient } from '../support/stream-client.js';
import { createUser } from '../support/users.js';
import { waitUntil } from '../support/wait.js';
import { STREAM_WRITERS, writtenBy } from '../support/stream-writers.js';

/** The label sets of a metric's series (its _count for a histogram), as the Prometheus text writes them. */
const labelsOf = (samples: Map<string, number>, series: string): string[] =>
  [...samples.keys()].filter((key) => key.startsWith(`${series}{`)).map((key) => key.slice(series.length));

describe.each(STREAM_WRITERS)('metrics (SSE_WRITER=%s)', (writer) => {
  let booted: BootedApp;
  let url: string;

  beforeAll(async () => {
    booted = await bootApp(writtenBy(writer));
    url = booted.url;
  }, 120_000); // the embedded database's first start, on a loaded machine

  afterAll(async () => {
    await booted?.close();
  });

  it("keeps the process's own metrics", async () => {
    const samples = await readMetrics(url);
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect({ name, present: samples.has(name) }).toEqual({ name, present: true });
    }
  });

  it('measures each request by method, route template and status, never by raw URL, and leaves the stream out', async () => {
    const ann = await createUser(url, 'ann@example.com', 'Ann');
    expect((await fetch(`${url}/users/${ann.id}`)).status).toBe(200);
    expect((await fetch(`${url}/users/not-a-uuid`)).status).toBe(400);
    expect((await fetch(`${url}/no/such/${ann.id}`)).status).toBe(404);
    const stream = StreamClient.open(url);
    await stream.waitOpen();
    stream.close();

    const labels = labelsOf(await readMetrics(url), 'http_request_duration_seconds_count');
    expect(labels).toEqual(
      expect.arrayContaining([
        '{method="POST",route="/users",status="201"}',
        '{method="GET",route="/users/:id",status="200"}',
        '{method="GET",route="/users/:id",status="400"}',
        '{method="GET",route="unmatched",status="404"}',
      ]),
    );
    expect(labels.filter((set) => set.includes(ann.id) || set.includes('not-a-uuid') || set.includes('/events'))).toEqual([]);
    const samples = await readMetrics(url);
    expect(samples.get('http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/users",status="201"}')).toBe(1);
  });

  it("measures a stream's duration by why it ended, a resume's replay, and the delay from commit to write of live events", async () => {
    for (const name of ['Bo', 'Cy', 'Di']) await createUser(url, `${name.toLowerCase()}@example.com`, name);
    await waitUntil(async () => (await readMetrics(url)).get('sse_connections') === 0, 'the earlier streams have closed', 5000);
    const before = await readMetrics(url);
    const resumed = StreamClient.open(url, { lastEventIdHeader: '1' });
    await resumed.waitOpen();
    const head = 4; // Ann's user.created, then these three
    await resumed.collect(head - 1);
    await createUser(url, 'live@example.com', 'Live');
    await resumed.collect(head);
    resumed.close();
    await waitUntil(async () => (await readMetrics(url)).get('sse_stream_duration_seconds_count{reason="client-closed"}') === (before.get('sse_stream_duration_seconds_count{reason="client-closed"}') ?? 0) + 1, 'the stream is measured once it has closed', 5000);

    const samples = await readMetrics(url);
    const grew = (series: string) => (samples.get(series) ?? 0) - (before.get(series) ?? 0);
    expect({ replays: grew('sse_replay_events_count'), replayed: grew('sse_replay_events_sum') }).toEqual({ replays: 1, replayed: head - 1 });
    expect(grew('sse_commit_to_write_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(labelsOf(samples, 'sse_stream_duration_seconds_count')).toEqual(expect.arrayContaining(['{reason="client-closed"}']));
    for (const name of ['sse_connections', 'sse_events_published_total', 'sse_events_delivered_total', 'sse_connections_dropped_total']) {
      expect({ name, present: samples.has(name) }).toEqual({ name, present: true });
    }
  });
});
