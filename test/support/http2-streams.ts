import { type ClientHttp2Session, connect, type IncomingHttpHeaders } from 'node:http2';
import { parseSse, type SseBlock } from './sse.js';

/** An HTTP/2 session to a server with a self-signed certificate (a test's own). */
export function connectHttp2(url: string): Promise<ClientHttp2Session> {
  const session = connect(url, { rejectUnauthorized: false });
  return new Promise((resolve, reject) => {
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

/** One GET /events as a stream of an HTTP/2 session: its response headers and the messages so far. */
export interface Http2EventStream {
  readonly headers: Promise<IncomingHttpHeaders>;
  blocks(): SseBlock[];
  close(): void;
}

export function openHttp2EventStream(session: ClientHttp2Session, path = '/events'): Http2EventStream {
  const stream = session.request({ ':path': path, accept: 'text/event-stream', 'accept-encoding': 'gzip, br' }); // as a browser asks
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  stream.on('error', () => undefined); // closing a stream mid-response is how a test ends it
  return {
    headers: new Promise((resolve) => stream.once('response', resolve)),
    blocks: () => parseSse(text),
    close: () => stream.close(),
  };
}
