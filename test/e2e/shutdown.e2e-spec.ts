import { rmSync } from 'node:fs';
import { EventSource } from 'eventsource';
import { freshDataDir } from '../support/data-dir.js';
import { readMetric } from '../support/metrics.js';
import { RawStream } from '../support/raw-stream.js';
import { eventBlocks } from '../support/sse.js';
import { buildService, type ServiceBuild, type ServiceProcess, startService } from '../support/service-process.js';
import { StreamClient } from '../support/stream-client.js';
import { createUser } from '../support/users.js';
import { waitUntil, within } from '../support/wait.js';
import { STREAM_WRITERS, writtenBy } from '../support/stream-writers.js';
import type { SseWriter } from '../../src/config/environment.js';

const CONTRACT_EXIT_MS = 10_000;

describe('the service process on SIGTERM', () => {
  let build: ServiceBuild | undefined;
  let dataDir: string;
  const services: ServiceProcess[] = [];
  const open: { close(): void }[] = [];

  beforeAll(async () => {
    build = await buildService();
  }, 60_000);

  async function cleanUp(): Promise<void> {
    for (const stream of open.splice(0)) stream.close();
    for (const service of services.splice(0)) {
      service.kill();
      await service.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }

  afterAll(() => {
    build?.remove();
  });

  /** Runs the service on this test's DATA_DIR; a long retry: keeps the clients from reconnecting during the test. */
  const start = async (writer: SseWriter = 'nest') => {
    const service = await startService(build!, { DATA_DIR: dataDir, SSE_RETRY_MS: '60000', ...writtenBy(writer) });
    services.push(service);
    return service;
  };

  describe.each(STREAM_WRITERS)('with six open streams, one of whose clients does not read (SSE_WRITER=%s)', (writer) => {
    let signalledAt: number;
    let exit: { readonly code: number | null; readonly signal: NodeJS.Signals | null; readonly at: number };
    let clients: StreamClient[];
    let raws: RawStream[];
    let idle: RawStream;

    beforeAll(async () => {
      dataDir = await freshDataDir();
      const service = await start(writer);
      for (const name of ['ann', 'bob', 'cid']) await createUser(service.url, `${name}@example.com`, name);
      clients = [0, 1, 2].map(() => StreamClient.open(service.url, { lastEventIdHeader: '0' }));
      raws = [0, 1].map(() => RawStream.open(service.url, '/events', { headers: { 'Last-Event-ID': '0' } }));
      idle = RawStream.open(service.url, '/events', { paused: true });
      open.push(...clients, ...[...raws, idle].map((raw) => ({ close: () => raw.destroy() })));
      await Promise.all(clients.map((client) => client.waitForId(3)));
      await Promise.all(raws.map((raw) => raw.waitForMessages((messages) => eventBlocks(messages).length === 3, 'the replay has arrived')));
      await waitUntil(async () => (await readMetric(service.url, 'sse_connections')) === 6, 'all six streams are open');

      signalledAt = Date.now();
      service.child.kill('SIGTERM');
      exit = await within(service.exited, CONTRACT_EXIT_MS + 2000, 'the process to exit');
      console.log(`SIGTERM with 6 open streams: exited with code ${exit.code}, signal ${exit.signal}, after ${exit.at - signalledAt} ms`);
      await Promise.all(raws.map((raw) => within(raw.closed, 2000, 'a stream to close')));
      await Promise.all(
        clients.map((client) => waitUntil(() => client.errors.some((error) => error.at >= signalledAt), 'the client has seen its stream end', 2000)),
      );
    }, 30_000);

    afterAll(async () => {
      await cleanUp();
    });

    it('exits within 10 seconds', () => {
      expect(exit.at - signalledAt).toBeLessThan(CONTRACT_EXIT_MS);
    });

    it('exits with code 0', () => {
      expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    });

    it('ends every response the clean way: the last chunk, then the end of the connection', () => {
      for (const raw of raws) expect(raw.ending).toEqual({ lastChunk: true, end: true, error: null });
    });

    it('ends every EventSource stream as a finished body, not a broken one, after every event', () => {
      for (const client of clients) {
        expect(client.source.readyState).not.toBe(EventSource.OPEN);
        // eventsource reports a body that ended without a message, a broken one with the fetch error ("terminated").
        const ends = client.errors.filter((error) => error.at >= signalledAt).map((error) => error.message ?? 'the body ended');
        expect(ends).toEqual(['the body ended']);
        expect(client.ids).toEqual([1, 2, 3]);
      }
    });

    it('closes the stream of the client that does not read', async () => {
      idle.resume();
      await within(idle.closed, 2000, 'the stream of the client that did not read to close');
    });
  });

  describe('and a restart on the same DATA_DIR', () => {
    beforeEach(async () => {
      dataDir = await freshDataDir();
    });

    afterEach(async () => {
      await cleanUp();
    });

    it('keeps every event committed before SIGTERM in the log, for clients to resume after a restart on the same DATA_DIR', async () => {
      const first = await start();
      for (const name of ['ann', 'bob', 'cid']) await createUser(first.url, `${name}@example.com`, name);
      const before = await within(
        (async () => {
          const client = StreamClient.open(first.url, { lastEventIdHeader: '0' });
          open.push(client);
          await client.waitForId(3);
          await createUser(first.url, 'dee@example.com', 'dee');
          await client.waitForId(4);
          return client.events.map(({ type, id, data }) => ({ type, id, data }));
        })(),
        10_000,
        'the events before the restart',
      );
      first.child.kill('SIGTERM');
      await within(first.exited, CONTRACT_EXIT_MS + 2000, 'the first process to exit');

      const second = await start();
      const resumed = StreamClient.open(second.url, { lastEventIdHeader: '0' });
      open.push(resumed);
      await resumed.waitForId(4);

      expect(resumed.events.map(({ type, id, data }) => ({ type, id, data }))).toEqual(before);
      expect(before.map(({ id }) => id)).toEqual(['1', '2', '3', '4']);
    });
  });
});
