import { connect } from 'node:net';
import type { WireRequest } from '../support/hostile-requests.js';

export interface WireAnswer {
  readonly status: number;
  /** Lower-cased names; a repeated header's values joined with ", ". */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
  /** A text/event-stream answer, closed as soon as its head arrived. */
  readonly stream: boolean;
}

/** The request head and body as bytes: header values in UTF-8, as a client with non-ASCII text would send them. */
export function requestBytes(request: WireRequest): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`, ...request.headers.map(([name, value]) => `${name}: ${value}`), 'Connection: close'];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), request.body]);
}

/**
 * Sends the request over a bare socket, so that nothing is cleaned up on the way, and reads the answer to
 * it (interim 1xx answers skipped). A stream is closed at once; anything else is read until the server closes.
 */
export function send(port: number, request: WireRequest, timeoutMs = 10_000): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (outcome: WireAnswer | Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs} ms; received ${JSON.stringify(received.toString('latin1').slice(0, 300))}`)), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const head = finalHead(received);
      if (head && /^text\/event-stream/i.test(head.headers.get('content-type') ?? '')) finish({ ...head, body: Buffer.alloc(0), stream: true });
    });
    socket.on('error', () => undefined); // a reset after the answer is the server closing on a request it refused
    socket.on('close', () => {
      const head = finalHead(received);
      if (!head) return finish(new Error(`the connection closed without an answer; received ${JSON.stringify(received.toString('latin1').slice(0, 300))}`));
      finish({ status: head.status, headers: head.headers, body: bodyOf(head.headers, received.subarray(head.bodyStart)), stream: false });
    });
    socket.write(requestBytes(request));
  });
}

interface Head {
  readonly status: number;
  readonly headers: Map<string, string>;
  readonly bodyStart: number;
}

function finalHead(wire: Buffer): Head | null {
  for (let at = 0; ; ) {
    const end = wire.indexOf('\r\n\r\n', at);
    if (end < 0) return null;
    const [statusLine = '', ...lines] = wire.subarray(at, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
    if (status >= 100 && status < 200) {
      at = end + 4;
      continue;
    }
    const headers = new Map<string, string>();
    for (const line of lines) {
      const name = line.slice(0, line.indexOf(':')).trim().toLowerCase();
      const value = line.slice(line.indexOf(':') + 1).trim();
      headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
    }
    return { status, headers, bodyStart: end + 4 };
  }
}

function bodyOf(headers: ReadonlyMap<string, string>, rest: Buffer): Buffer {
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
    const parts: Buffer[] = [];
    for (let at = 0; at < rest.length; ) {
      const lineEnd = rest.indexOf('\r\n', at);
      const size = Number.parseInt(rest.subarray(at, lineEnd).toString('latin1'), 16);
      if (!(size > 0)) break;
      parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    return Buffer.concat(parts);
  }
  const length = headers.get('content-length');
  return length === undefined ? rest : rest.subarray(0, Number(length));
}
