// better-sse: better-sse 0.16 on Express, one channel, channel.broadcast() per event, as its docs
// teach. The data is handed over already serialised (identity serializer), as Herald and the nest
// baseline get it; better-sse's own sanitizer and framing run as they do by default.
import { createServer } from 'node:http';
import { createChannel, createSession } from 'better-sse';
import express from 'express';
import { EVENT_TYPE, eventData } from '../lib/payload.mjs';

export async function start() {
  const channel = createChannel();
  const app = express();
  app.get('/events', async (req, res) => {
    const session = await createSession(req, res, { serializer: (data) => data, keepAlive: 15_000 });
    channel.register(session);
  });
  const httpServer = createServer(app);
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return {
    httpServer,
    port: httpServer.address().port,
    streams: () => channel.sessionCount,
    publish(seq, t) {
      channel.broadcast(eventData(t), EVENT_TYPE, { eventId: String(seq) });
    },
  };
}
