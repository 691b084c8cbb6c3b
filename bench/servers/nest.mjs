// nest: a plain NestJS 12 app on Express with one @Sse() route fed by an RxJS Subject, as Nest's docs
// teach ("Server-Sent Events": return an Observable<MessageEvent>). Written in plain JavaScript: the
// decorators are the installed @nestjs packages' own, applied by calling them. The data is handed to
// Nest already serialised (a string, encoded once and shared by every connection), as Herald does, so
// that the baseline does no more work per connection than Nest itself requires.
import 'reflect-metadata';
import { Controller, Module, Sse } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Subject } from 'rxjs';
import { EVENT_TYPE, eventData } from '../lib/payload.mjs';

const events = new Subject();
let open = 0;

class EventsController {
  stream() {
    return events.asObservable();
  }
}
Controller()(EventsController);
const descriptor = Object.getOwnPropertyDescriptor(EventsController.prototype, 'stream');
Sse('events')(EventsController.prototype, 'stream', descriptor);
Object.defineProperty(EventsController.prototype, 'stream', descriptor);

class AppModule {}
Module({ controllers: [EventsController] })(AppModule);

export async function start() {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  await app.listen(0, '127.0.0.1');
  const httpServer = app.getHttpServer();
  httpServer.on('request', (req) => {
    if (!req.url.startsWith('/events')) return;
    open += 1;
    req.socket.once('close', () => (open -= 1));
  });
  return {
    httpServer,
    port: httpServer.address().port,
    streams: () => open,
    publish(seq, t) {
      events.next({ type: EVENT_TYPE, id: String(seq), data: eventData(t) });
    },
  };
}
