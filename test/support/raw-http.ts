import { connect } from 'node:net';

/**
 * Sends the bytes as they are over a bare TCP socket and answers the first response as a fetch
 * Response, for what fetch will not send: a lying or missing Content-Length, broken chunked framing.
 * `request` is the head and body as on the wire; the server's answer is read until it closes.
 */
export async function sendRaw(baseUrl: string, request: string | Buffer, timeoutMs = 5000): Promise<Response> {
  const wire = await exchange(new URL(baseUrl), typeof request === 'string' ? Buffer.from(request, 'latin1') : request, timeoutMs);
  return toResponse(wire);
}

/** A request head with Host and Connection: close; the body, if any, follows the blank line. */
export function rawRequest(method: string, path: string, headers: Readonly<Record<string, string>>, body: string | Buffer = ''): Buffer {
  const head = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body) : body]);
}

function exchange({ hostname, port }: URL, request: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms; received: ${Buffer.concat(chunks).toString('latin1')}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // a reset after the answer is the server closing on a request it refused
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks));
    });
    socket.write(request); // not end(): a half-closed request would read as one the client gave up on
  });
}

function toResponse(wire: Buffer): Response {
  const headEnd = wire.indexOf('\r\n\r\n');
  if (headEnd < 0) throw new Error(`not an HTTP response: ${JSON.stringify(wire.toString('latin1'))}`);
  const [statusLine = '', ...lines] = wire.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const headers = new Headers(lines.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()]));
  const rest = wire.subarray(headEnd + 4);
  const length = headers.get('content-length');
  const body = headers.get('transfer-encoding') === 'chunked' ? dechunk(rest) : length === null ? rest : rest.subarray(0, Number(length));
  return new Response(body.length > 0 ? new Uint8Array(body) : null, { status, headers });
}

function dechunk(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < data.length; ) {
    const lineEnd = data.indexOf('\r\n', at);
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}
