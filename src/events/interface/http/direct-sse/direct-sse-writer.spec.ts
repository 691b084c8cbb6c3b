import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Subject } from 'rxjs';
import { RecordedEvent } from '../../../../shared/application/recorded-event.js';
import { appConfig } from '../../../../../test/support/app-config.js';
import { CountingStreamMetrics } from '../../../../../test/support/counting-stream-metrics.js';
import { waitUntil } from '../../../../../test/support/wait.js';
import type { StreamItem } from '../../../application/stream-item.js';
import { StreamReport } from '../../../application/stream-report.js';
import { eventMessage } from '../sse-message.js';
import { DirectSseWriter } from './direct-sse-writer.js';

const event = (position: number) => eventMessage(new RecordedEvent(position, 'user.created', 'u', new Date(0), { name: `n${position}` }));
const live = (position: number): StreamItem => ({ kind: 'live', event: event(position) });

/** A bare HTTP/1.1 client that keeps the body's chunks. */
class ChunkReader {
  private raw = '';
  constructor(readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => (this.raw += data));
  }

  /** Whether the body ended the clean way, with the last (empty) chunk. */
  ended(): boolean {
    return this.raw.endsWith('\r\n0\r\n\r\n');
  }

  /** The body's chunks, in order. */
  chunks(): string[] {
    const body = this.raw.slice(this.raw.indexOf('\r\n\r\n') + 4);
    const chunks: string[] = [];
    for (let at = 0; at < body.length; ) {
      const lineEnd = body.indexOf('\r\n', at);
      if (lineEnd < 0) break;
      const size = parseInt(body.slice(at, lineEnd), 16);
      if (size === 0 || lineEnd + 2 + size > body.length) break;
      chunks.push(body.slice(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    return chunks;
  }
}

describe('DirectSseWriter', () => {
  let server: Server;
  let items: Subject<StreamItem>;
  let reader: ChunkReader;
  // What the server wrote to the socket, write by write.
  let writes: string[];

  /** A stream that gets its opening, an empty replay, events 1 to 3, then whatever then() does, all in one turn. */
  async function open(then: () => void = () => undefined): Promise<void> {
    items = new Subject<StreamItem>();
    const writer = new DirectSseWriter(appConfig({ SSE_RETRY_MS: 1500 }), new CountingStreamMetrics());
    writes = [];
    server = createServer((_request, response) => {
      const socket = response.socket!;
      const write = socket.write.bind(socket) as (chunk: Buffer | string) => boolean;
      socket.write = ((chunk: Buffer | string) => {
        writes.push(chunk.toString());
        return write(chunk);
      }) as typeof socket.write;
      const lifetime = new AbortController();
      response.once('close', () => lifetime.abort());
      writer.write({ items, report: new StreamReport() }, response, lifetime.signal);
      // As EventStreams opens a fresh stream: the opening, then a replay with nothing to replay.
      items.next({ kind: 'opening', position: 0 });
      items.next({ kind: 'replay', events: [], more: null });
      for (const position of [1, 2, 3]) items.next(live(position));
      then();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = connect((server.address() as { port: number }).port, '127.0.0.1');
    socket.write('GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n');
    reader = new ChunkReader(socket);
  }

  afterEach(async () => {
    reader.socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  const OPENING = 'id: 0\nretry: 1500\n\n';
  const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;

  it('writes what one turn of the event loop brings in one write, each event framed as Nest frames it', async () => {
    await open();
    await waitUntil(async () => reader.chunks().length === 4, 'the first turn is on the wire');
    items.next(live(4));
    await waitUntil(async () => reader.chunks().length === 5, 'the next turn is on the wire');

    expect(reader.chunks()).toEqual([OPENING, ...[1, 2, 3, 4].map(wireOf)]);
    const [headers, ...body] = writes;
    expect(headers).toMatch(/^HTTP\/1.1 200 OK\r\n/);
    expect(body).toEqual([[OPENING, ...[1, 2, 3].map(wireOf)].map(chunk).join(''), chunk(wireOf(4))]);
  });

  it('writes what it holds, then ends the response with the last chunk, when the stream completes', async () => {
    await open(() => items.complete());
    await waitUntil(async () => reader.ended(), 'the last chunk');

    expect(reader.chunks()).toEqual([OPENING, ...[1, 2, 3].map(wireOf)]);
  });
});

const wireOf = (position: number): string => event(position).wire.toString('latin1');
