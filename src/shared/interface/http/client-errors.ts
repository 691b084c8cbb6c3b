import { type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

// The statuses Node's own handler gives these (lib/_http_server.js, socketOnError); anything else is a 400.
const ANSWERS: Readonly<Record<string, { readonly status: number; readonly message: string }>> = {
  HPE_HEADER_OVERFLOW: { status: 431, message: 'request headers are larger than the server takes' },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413, message: 'chunk extensions are larger than the server takes' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, message: 'the request did not arrive in time' },
};
const MALFORMED = { status: 400, message: 'request is not well-formed HTTP/1.1' };

/**
 * Answers what Node's HTTP parser refuses before Express sees it (broken chunked framing, a Content-Length
 * next to chunked framing, headers too large) in Nest's error shape; Node's default is a bare status line.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As Node's handler does: answer only if no response on this connection has begun, then close it.
    const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) socket.write(rawAnswer(ANSWERS[error.code ?? ''] ?? MALFORMED));
    socket.destroy();
  });
  // Node answers an Expect it does not know with a bare 417, and a request without Host with a bare 400.
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    answerInShape(response, 417, `Expect: ${String(request.headers.expect)} is not supported`);
  });
  // The missing Host is refused by requireHost() instead, in Nest's shape.
  Object.assign(server, { requireHostHeader: false });
}

/** Express middleware, first of all: an HTTP/1.1 request must name its Host (RFC 9112 §3.2). */
export function requireHost(request: IncomingMessage, response: ServerResponse, next: () => void): void {
  if (request.headers.host !== undefined || request.httpVersion !== '1.1') return next();
  answerInShape(response, 400, 'a Host header is required');
}

function answerInShape(response: ServerResponse, status: number, message: string): void {
  const reason = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({ statusCode: status, message: status === 400 ? [message] : message, error: reason });
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'X-Content-Type-Options': 'nosniff', Connection: 'close' });
  response.end(body);
}

function rawAnswer({ status, message }: { readonly status: number; readonly message: string }): string {
  const reason = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({ statusCode: status, message: status === 400 ? [message] : message, error: reason });
  const headers = ['Content-Type: application/json; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`, 'X-Content-Type-Options: nosniff', 'Connection: close'];
  return `HTTP/1.1 ${status} ${reason}\r\n${headers.join('\r\n')}\r\n\r\n${body}`;
}
