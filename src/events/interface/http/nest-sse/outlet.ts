import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** Where one stream's bytes go: how many are still in this process, waiting for the client. */
export interface Outlet {
  /** Bytes handed over so far that the kernel has not taken yet. */
  pending(): number;
  /** Records that a message of this many bytes was handed over. */
  handedOver(bytes: number): void;
  /** Calls back once the client has taken some bytes; returns a cancel function. */
  onProgress(callback: () => void): () => void;
  /** Ends the connection at once, queued bytes and all. */
  cut(): void;
}

/** Long-standing fields of node:net: what was handed to libuv, and what libuv has not written yet. */
interface NodeSocketInternals {
  readonly _bytesDispatched?: number;
  readonly _handle?: { readonly writeQueueSize?: number } | null;
}

// A progress check even when no 'drain' comes: Nest's writer may still be holding the bytes.
const PROGRESS_POLL_MS = 25;

/**
 * The outlet of an HTTP/1.1 response. Counts exactly what Nest's SSE writer sends for the messages
 * handed over (one chunk per message under chunked encoding), against what the socket has flushed.
 */
export class HttpOutlet implements Outlet {
  private readonly flushedAtStart: number;
  private handed = 0;

  constructor(
    private readonly request: IncomingMessage,
    private readonly response: ServerResponse,
  ) {
    this.flushedAtStart = this.flushed();
  }

  pending(): number {
    // Headers and the writer's leading blank line are flushed but never handed over: a few hundred bytes of slack.
    return this.handed - (this.flushed() - this.flushedAtStart);
  }

  handedOver(bytes: number): void {
    const chunkFraming = this.response.chunkedEncoding === false ? 0 : hexDigits(bytes) + 4;
    this.handed += bytes + chunkFraming;
    corkUntilNextTurn(this.request.socket);
  }

  onProgress(callback: () => void): () => void {
    const socket = this.request.socket;
    const timer = setTimeout(callback, PROGRESS_POLL_MS);
    socket.once('drain', callback);
    return () => {
      clearTimeout(timer);
      socket.off('drain', callback);
    };
  }

  cut(): void {
    this.request.socket.destroy();
  }

  /** Bytes the kernel has taken. socket.bytesWritten would walk the socket's buffer on every call. */
  private flushed(): number {
    const socket = this.request.socket as Socket & NodeSocketInternals;
    if (socket._bytesDispatched === undefined) return socket.bytesWritten - socket.writableLength;
    return socket._bytesDispatched - (socket._handle?.writeQueueSize ?? 0);
  }
}

/** The length of the chunk-size line's number, without making a string per delivery. */
function hexDigits(value: number): number {
  let digits = 1;
  for (let rest = value >>> 4; rest > 0; rest >>>= 4) digits += 1;
  return digits;
}

const corked = new Set<Socket>();

/**
 * Messages handed over in one turn of the event loop leave in one write per client: a burst of events
 * costs one syscall per client, not one per event. One setImmediate uncorks every socket of the turn.
 */
function corkUntilNextTurn(socket: Socket): void {
  if (corked.has(socket)) return;
  if (corked.size === 0) setImmediate(uncorkAll);
  socket.cork();
  corked.add(socket);
}

function uncorkAll(): void {
  for (const socket of corked) socket.uncork();
  corked.clear();
}
