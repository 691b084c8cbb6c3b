// raw: plain node:http, Nest's exact headers and wire bytes, each event encoded once (as one HTTP/1.1
// chunk) and the same Buffer written straight to every socket. The limit: nothing per connection but
// one socket.write per event.
import { createServer } from 'node:http';
import { chunk, eventData, NEST_SSE_HEADERS, nestFrame } from '../lib/payload.mjs';

export async function start() {
  const streams = new Set();
  const leadingBlankLine = chunk('\n');
  const httpServer = createServer((req, res) => {
    if (req.method !== 'GET' || !req.url.startsWith('/events')) {
      res.writeHead(404).end();
      return;
    }
    const socket = req.socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    socket.setTimeout(0);
    res.writeHead(200, NEST_SSE_HEADERS);
    res.flushHeaders();
    socket.write(leadingBlankLine);
    streams.add(socket);
    socket.once('close', () => streams.delete(socket));
  });
  httpServer.keepAliveTimeout = 0;
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return {
    httpServer,
    port: httpServer.address().port,
    streams: () => streams.size,
    publish(seq, t) {
      const frame = chunk(nestFrame(seq, eventData(t)));
      for (const socket of streams) socket.write(frame);
    },
  };
}
