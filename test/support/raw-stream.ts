import { connect, type Socket } from 'node:net';
import { StringDecoder } from 'node:string_decoder';
import { parseSse, type SseBlock } from './sse.js';
import { waitUntil } from './wait.js';

export interface RawHead {
  readonly statusCode: number;
  /** Lower-cased names; a repeated header's values joined with ", ". */
  readonly headers: Readonly<Record<string, string>>;
  /** The header names in the order they came, as sent. */
  readonly rawNames: readonly string[];
  /** The status line's protocol, e.g. HTTP/1.1. */
  readonly protocol: string;
}

export interface RawStreamOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** Never reads from the socket until resume(): the kernel buffers fill and the server sees a client that does not read. */
  readonly paused?: boolean;
  /** Connects but writes the request only on send(): many requests can then reach the server in one go. */
  readonly held?: boolean;
  /** '1.0': a client that knows no chunked encoding; the body then ends with the connection. */
  readonly httpVersion?: '1.0' | '1.1';
}

/**
 * An HTTP/1.1 (or 1.0) GET over a bare TCP socket, for what a client library would hide: the exact bytes of
 * the body (chunked transfer encoding removed), the headers as sent, and a reader that can stop reading.
 */
export class RawStream {
  readonly socket: Socket;
  /** Resolves with the status line and headers once they have arrived. */
  readonly head: Promise<RawHead>;
  /** Resolves when the socket has closed; with the error, if it closed on one. */
  readonly closed: Promise<Error | null>;
  /** Resolves once the TCP connection is up. */
  readonly connected: Promise<void>;
  private readonly request: string;
  private resolveHead!: (head: RawHead) => void;
  private rejectHead!: (error: Error) => void;
  private pending: Buffer = Buffer.alloc(0);
  private headSeen = false;
  private chunked = false;
  private chunkLeft = 0;
  private chunkCrlfLeft = 0;
  private text = '';
  private readonly decoder = new StringDecoder('utf8');
  private lastChunkSeen = false;
  private endSeen = false;
  private closeError: Error | null = null;
  private isClosed = false;

  private constructor(baseUrl: string, path: string, options: RawStreamOptions) {
    const { hostname, port, host } = new URL(baseUrl);
    this.head = new Promise((resolve, reject) => {
      this.resolveHead = resolve;
      this.rejectHead = reject;
    });
    this.head.catch(() => undefined);
    this.socket = connect({ host: hostname, port: Number(port) });
    if (options.paused) this.socket.pause();
    this.connected = new Promise((resolve) => this.socket.once('connect', () => resolve()));
    const headers = { Host: host, Accept: 'text/event-stream', ...options.headers };
    this.request = [`GET ${path} HTTP/${options.httpVersion ?? '1.1'}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), '', ''].join('\r\n');
    if (!options.held) this.send();
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk));
    this.socket.on('end', () => (this.endSeen = true));
    this.socket.on('error', (error) => (this.closeError = error));
    this.closed = new Promise((resolve) =>
      this.socket.on('close', () => {
        this.isClosed = true;
        this.rejectHead(new Error(`the connection closed before the response head${this.closeError ? `: ${this.closeError.message}` : ''}`));
        resolve(this.closeError);
      }),
    );
  }

  static open(baseUrl: string, path = '/events', options: RawStreamOptions = {}): RawStream {
    return new RawStream(baseUrl, path, options);
  }

  /** The body so far, de-chunked and decoded as UTF-8. */
  get body(): string {
    return this.text;
  }

  /** The complete messages of the body so far. */
  messages(): SseBlock[] {
    return parseSse(this.text);
  }

  /** How the body ended: cleanly is chunked encoding's last chunk, then the end of the connection, and no error. */
  get ending(): { readonly lastChunk: boolean; readonly end: boolean; readonly error: string | null } {
    return { lastChunk: this.lastChunkSeen, end: this.endSeen, error: this.closeError?.message ?? null };
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  async waitForBody(predicate: (body: string) => boolean, what: string, timeoutMs = 5000): Promise<void> {
    await waitUntil(() => predicate(this.text), what, timeoutMs);
  }

  async waitForMessages(predicate: (messages: SseBlock[]) => boolean, what: string, timeoutMs = 5000): Promise<SseBlock[]> {
    let messages: SseBlock[] = [];
    await waitUntil(
      () => {
        messages = this.messages();
        return predicate(messages);
      },
      what,
      timeoutMs,
    );
    return messages;
  }

  /** Writes the request of a stream opened with held. */
  send(): void {
    this.socket.write(this.request);
  }

  resume(): void {
    this.socket.resume();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (!this.headSeen && !this.readHead()) return;
    if (this.chunked) this.readChunks();
    else {
      this.text += this.decoder.write(this.pending);
      this.pending = Buffer.alloc(0);
    }
  }

  private readHead(): boolean {
    const end = this.pending.indexOf('\r\n\r\n');
    if (end === -1) return false;
    const [statusLine = '', ...headerLines] = this.pending.subarray(0, end).toString('latin1').split('\r\n');
    this.pending = this.pending.subarray(end + 4);
    this.headSeen = true;
    const headers: Record<string, string> = {};
    const rawNames: string[] = [];
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon);
      const key = name.toLowerCase();
      const value = line.slice(colon + 1).trim();
      rawNames.push(name);
      headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
    }
    this.chunked = /\bchunked\b/i.test(headers['transfer-encoding'] ?? '');
    const [protocol = '', status = ''] = statusLine.split(' ');
    this.resolveHead({ statusCode: Number(status), headers, rawNames, protocol });
    return true;
  }

  private readChunks(): void {
    while (this.pending.length > 0 && !this.lastChunkSeen) {
      if (this.chunkLeft > 0) {
        const take = Math.min(this.chunkLeft, this.pending.length);
        this.text += this.decoder.write(this.pending.subarray(0, take));
        this.pending = this.pending.subarray(take);
        this.chunkLeft -= take;
        if (this.chunkLeft === 0) this.chunkCrlfLeft = 2;
        continue;
      }
      if (this.chunkCrlfLeft > 0) {
        const take = Math.min(this.chunkCrlfLeft, this.pending.length);
        this.pending = this.pending.subarray(take);
        this.chunkCrlfLeft -= take;
        continue;
      }
      const lineEnd = this.pending.indexOf('\r\n');
      if (lineEnd === -1) return;
      const size = parseInt(this.pending.subarray(0, lineEnd).toString('latin1').split(';')[0]!, 16);
      this.pending = this.pending.subarray(lineEnd + 2);
      if (size === 0) this.lastChunkSeen = true;
      else this.chunkLeft = size;
    }
  }
}
