import { type Server, type ServerResponse, STATUS_CODES } from 'node:http';
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
}

function rawAnswer({ status, message }: { readonly status: number; readonly message: string }): string {
  const reason = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({ statusCode: status, message: status === 400 ? [message] : message, error: reason });
  const headers = ['Content-Type: application/json; charset=utf-8', `Content-Length: ${Buffer.byteLength(body)}`, 'X-Content-Type-Options: nosniff', 'Connection: close'];
  return `HTTP/1.1 ${status} ${reason}\r\n${headers.join('\r\n')}\r\n\r\n${body}`;
}
