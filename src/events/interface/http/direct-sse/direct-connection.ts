import { Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import type { Observable, Subscription } from 'rxjs';
import type { StreamMetrics } from '../../../application/ports/stream-metrics.js';
import type { EncodedEvent } from '../../../application/ports/event-encoder.js';
import type { LiveEvent, ReplayPart, StreamItem } from '../../../application/stream-item.js';
import type { StreamReport } from '../../../application/stream-report.js';
import type { Heartbeats } from '../heartbeats.js';
import { observeLiveWrite } from '../live-write-delay.js';
import { sseEvent } from '../sse-event-encoder.js';
import { HEARTBEAT, openingMessage, resetMessage, wireText } from '../sse-message.js';
import { chunkOf } from '../http-chunk.js';

/** What every direct connection shares: the settings, and the writer's once-per-turn flush. */
export interface DirectSettings {
  readonly heartbeatMs: number;
  readonly retryMs: number;
  readonly maxBufferBytes: number;
  readonly metrics: StreamMetrics;
  readonly heartbeats: Heartbeats;
  /** Has flush(now) called on the connection once this turn of the event loop is over. */
  readonly flushSoon: (connection: DirectConnection) => void;
}

const logger = new Logger('EventStream');

/** Bytes that every stream writes, as they are: unframed, and framed once as an HTTP/1.1 chunk. */
interface SharedBytes {
  readonly wire: Buffer;
  readonly chunk: Buffer;
}

const HEARTBEAT_WIRE = Buffer.from(wireText(HEARTBEAT.message));
const HEARTBEAT_BYTES: SharedBytes = { wire: HEARTBEAT_WIRE, chunk: chunkOf(HEARTBEAT_WIRE) };
// Bytes in the socket ahead of the client before the replay waits for it to read: as in Nest's writer's pacing.
const HIGH_WATER_BYTES = 64 * 1024;
// The least room worth asking the replay for: smaller parts would cost more asks than they carry.
const PART_MIN_BYTES = 16 * 1024;
// A check of the socket when no 'drain' is due: room under a small SSE_MAX_BUFFER_BYTES, not under the socket's high water.
const ROOM_POLL_MS = 25;

/**
 * One stream on one socket, all its state in this object. Items are pushed in as EventStreams gives them (no
 * operator chain of its own); the bytes of a turn are collected and written in one write. Under chunked encoding
 * (every HTTP/1.1 client) they go to the socket itself, each event as the chunk it was framed into once for every
 * connection, as many chunks as the turn brought in one write; otherwise through the response. Every byte held for the
 * client counts against maxBufferBytes, those in the socket (its writableLength) and those waiting behind the
 * replay: a live event past it ends the connection, and the client resumes with Last-Event-ID.
 */
export class DirectConnection {
  private turn: Buffer[] = [];
  private turnBytes = 0;
  // Live events that came during the replay, in order; null once the replay is over.
  private behindReplay: LiveEvent[] | null = [];
  private behindBytes = 0;
  private more: ReplayPart['more'] = null;
  private waitingForRoom = false;
  private lastWriteAt = Date.now();
  private ended = false;
  private subscription: Subscription | null = null;
  private stopBeating: (() => void) | null = null;
  // The socket when the body is chunked and its headers are out; the response otherwise.
  private readonly sink: Writable;
  private readonly chunked: boolean;

  constructor(
    private readonly response: ServerResponse,
    private readonly report: StreamReport,
    private readonly settings: DirectSettings,
  ) {
    this.chunked = response.chunkedEncoding && response.headersSent && response.socket !== null;
    this.sink = this.chunked ? response.socket! : response;
  }

  start(items: Observable<StreamItem>, lifetime: AbortSignal): void {
    lifetime.addEventListener('abort', () => this.close(), { once: true });
    this.stopBeating = this.settings.heartbeats.watch(this.beatIfQuiet);
    this.subscription = items.subscribe({ next: this.receive, error: this.fail, complete: this.end });
    if (this.ended) this.subscription.unsubscribe();
  }

  /** Writes what this turn collected, in one write; then asks the replay for more if the socket has room. */
  flush(now: number): void {
    if (this.ended || this.turnBytes === 0) return;
    const bytes = this.turn.length === 1 ? this.turn[0]! : Buffer.concat(this.turn, this.turnBytes);
    this.turn = [];
    this.turnBytes = 0;
    this.lastWriteAt = now;
    this.sink.write(bytes);
    this.askForMore();
  }

  private readonly receive = (item: StreamItem): void => {
    switch (item.kind) {
      case 'opening':
        return this.collectOwn(Buffer.from(wireText(openingMessage(item.position, this.settings.retryMs).message)));
      case 'reset':
        return this.collectOwn(Buffer.from(wireText(resetMessage(item.lastEventId, item.resumeFrom).message)));
      case 'replay':
        return this.receiveReplay(item);
      case 'live':
        return this.receiveLive(item);
    }
  };

  private receiveReplay(part: ReplayPart): void {
    for (const event of part.events) this.collectEvent(event);
    this.more = part.more;
    if (this.more === null && this.behindReplay !== null) {
      const waiting = this.behindReplay;
      this.behindReplay = null;
      this.behindBytes = 0;
      for (const live of waiting) this.writeLive(live);
    }
    this.askForMore();
  }

  private receiveLive(live: LiveEvent): void {
    const { bytes } = live.event;
    if (this.pending() + this.behindBytes + bytes > this.settings.maxBufferBytes) return this.cutOff();
    if (this.behindReplay === null) return this.writeLive(live);
    this.behindReplay.push(live);
    this.behindBytes += bytes;
  }

  private writeLive({ event, committedAt }: LiveEvent): void {
    this.collectEvent(event);
    observeLiveWrite(sseEvent(event), committedAt, this.settings.metrics);
  }

  private collectEvent(event: EncodedEvent): void {
    this.collectShared(sseEvent(event));
    this.settings.metrics.eventDelivered();
    this.report.delivered += 1;
  }

  /** Bytes of this stream alone: framed here. */
  private collectOwn(wire: Buffer): void {
    this.collect(this.chunked ? chunkOf(wire) : wire);
  }

  /** Bytes every stream writes: framed once for all. */
  private collectShared({ wire, chunk }: SharedBytes): void {
    this.collect(this.chunked ? chunk : wire);
  }

  private collect(bytes: Buffer): void {
    if (this.ended) return;
    if (this.turnBytes === 0) this.settings.flushSoon(this);
    this.turn.push(bytes);
    this.turnBytes += bytes.length;
  }

  /** Bytes held for the client: in the socket, and collected for this turn's write. */
  private pending(): number {
    return this.response.writableLength + this.turnBytes;
  }

  /** The replay's next part, sized to the room left, once the socket has taken enough of the last. */
  private askForMore(): void {
    if (this.more === null || this.waitingForRoom || this.ended || this.turnBytes > 0) return;
    const pending = this.response.writableLength;
    const room = Math.min(HIGH_WATER_BYTES - pending, this.settings.maxBufferBytes - pending - this.behindBytes);
    if (pending >= HIGH_WATER_BYTES || (room < PART_MIN_BYTES && pending > 0)) return this.waitForRoom();
    const ask = this.more;
    this.more = null;
    ask(Math.max(1, room));
  }

  private waitForRoom(): void {
    this.waitingForRoom = true;
    const again = () => {
      this.waitingForRoom = false;
      this.askForMore();
    };
    if (this.sink.writableNeedDrain) this.sink.once('drain', again);
    else setTimeout(again, ROOM_POLL_MS).unref();
  }

  // A client that has bytes waiting for it is not idle: another heartbeat would only pile up.
  private readonly beatIfQuiet = (now: number): void => {
    if (now - this.lastWriteAt >= this.settings.heartbeatMs && this.turnBytes === 0 && this.response.writableLength < HIGH_WATER_BYTES) {
      this.collectShared(HEARTBEAT_BYTES);
    }
  };

  // Nest's writer would send an "error" event with an id of its own; the stream ends instead, and the client resumes.
  private readonly fail = (error: unknown): void => {
    logger.warn(`stream ended early: ${error instanceof Error ? error.message : String(error)}`);
    this.report.endedBy('error');
    this.end();
  };

  /** The service ends the stream (shutdown, the token's end, a failure): its last bytes go out, then the end. */
  private readonly end = (): void => {
    if (this.ended) return;
    this.flush(Date.now());
    this.close();
    this.response.end();
  };

  private cutOff(): void {
    this.report.endedBy('slow-reader');
    this.settings.metrics.connectionDropped();
    this.close();
    this.response.destroy();
  }

  private close(): void {
    if (this.ended) return;
    this.ended = true;
    this.stopBeating?.();
    this.subscription?.unsubscribe();
    this.turn = [];
    this.turnBytes = 0;
    this.behindReplay = null;
    this.more = null;
  }
}
