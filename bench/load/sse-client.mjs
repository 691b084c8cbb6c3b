// The load generator: a small raw-socket SSE client (node:net), many streams per process. It sends
// the GET, decodes HTTP/1.1 chunked framing, splits SSE lines, counts events (messages with a data
// line) and bytes per stream, and, when asked, reads the publisher's send time (µs since the epoch, at
// the start of the name: lib/payload.mjs) from each event's data to record publish → receive latency.
// Several of these processes run side by side, each below the 20,000 open files hard limit.
import { connect } from 'node:net';
import { Histogram } from '../lib/histogram.mjs';
import { nowMicros, SENT_AT_MARK } from '../lib/payload.mjs';
import { serveIpc } from '../lib/proc.mjs';

const streams = new Set();
let measureLatency = false;
let histogram = new Histogram();
let totals = { events: 0, bytes: 0 };
let counters = { opened: 0, failed: 0, droppedAfterOpen: 0, failures: {} };
let progressTimer = null;

const noteFailure = (reason) => {
  counters.failures[reason] = (counters.failures[reason] ?? 0) + 1;
};

class Stream {
  constructor(port, path, headers, onOpen, onFail) {
    this.events = 0;
    this.bytes = 0;
    this.open = false;
    this.ended = false;
    this.head = '';
    this.chunked = false;
    this.chunkLeft = 0;
    this.skip = 0;
    this.sizeLine = '';
    this.carry = '';
    this.onEvent = null;
    this.onOpen = onOpen;
    this.onFail = onFail;
    const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    this.socket = connect({ host: '127.0.0.1', port }, () => {
      this.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n${extra}\r\n`);
    });
    this.socket.on('data', (buffer) => this.receive(buffer));
    this.socket.on('error', (error) => this.fail(error.code ?? error.message));
    this.socket.on('close', () => {
      if (!this.open) this.fail('closed before the headers');
      else if (!this.ended) {
        this.ended = true;
        counters.droppedAfterOpen += 1;
        noteFailure('closed by the server');
      }
      streams.delete(this);
    });
  }

  fail(reason) {
    if (this.open || this.ended) return;
    this.ended = true;
    this.onFail?.(reason);
    this.socket.destroy();
  }

  receive(buffer) {
    this.bytes += buffer.length;
    totals.bytes += buffer.length;
    let i = 0;
    if (!this.open) {
      this.head += buffer.latin1Slice(0, buffer.length);
      const end = this.head.indexOf('\r\n\r\n');
      if (end === -1) {
        if (this.head.length > 16_384) this.fail('headers too long');
        return;
      }
      const status = Number(this.head.slice(9, 12));
      if (status !== 200) return this.fail(`HTTP ${status}`);
      this.chunked = /\r\ntransfer-encoding:\s*chunked/i.test(this.head.slice(0, end));
      i = buffer.length - (this.head.length - end - 4);
      this.head = '';
      this.open = true;
      this.onOpen?.();
    }
    if (!this.chunked) return this.feed(buffer, i, buffer.length);
    const length = buffer.length;
    while (i < length) {
      if (this.chunkLeft > 0) {
        const n = Math.min(this.chunkLeft, length - i);
        this.feed(buffer, i, i + n);
        i += n;
        this.chunkLeft -= n;
        if (this.chunkLeft === 0) this.skip = 2;
      } else if (this.skip > 0) {
        const n = Math.min(this.skip, length - i);
        i += n;
        this.skip -= n;
      } else {
        const newline = buffer.indexOf(10, i);
        if (newline === -1) {
          this.sizeLine += buffer.latin1Slice(i, length);
          return;
        }
        const size = parseInt(this.sizeLine + buffer.latin1Slice(i, newline), 16);
        this.sizeLine = '';
        i = newline + 1;
        if (size === 0) {
          this.ended = true;
          return;
        }
        this.chunkLeft = size;
      }
    }
  }

  /** SSE lines: counts "data:" lines (one per event here) and reads the send time when asked. */
  feed(buffer, start, end) {
    const text = this.carry + buffer.latin1Slice(start, end);
    const last = text.lastIndexOf('\n');
    if (last === -1) {
      this.carry = text;
      return;
    }
    this.carry = last === text.length - 1 ? '' : text.slice(last + 1);
    let found = 0;
    let at = text.indexOf('data:');
    const receivedAt = measureLatency ? nowMicros() : 0;
    while (at !== -1 && at < last) {
      if (at === 0 || text.charCodeAt(at - 1) === 10) {
        found += 1;
        if (measureLatency) {
          const t = text.indexOf(SENT_AT_MARK, at);
          if (t !== -1) histogram.record(receivedAt - Number(text.slice(t + SENT_AT_MARK.length, t + SENT_AT_MARK.length + 16)));
        }
      }
      at = text.indexOf('data:', at + 5);
    }
    if (found > 0) {
      this.events += found;
      totals.events += found;
      this.onEvent?.(this.events);
    }
  }
}

function openMany({ port, path, count, headers = {}, concurrency = 64, timeoutMs = 60_000 }) {
  return new Promise((resolve) => {
    let started = 0;
    let settled = 0;
    let inFlight = 0;
    const deadline = setTimeout(finish, timeoutMs);
    function finish() {
      clearTimeout(deadline);
      resolve({ opened: counters.opened, failed: counters.failed, failures: counters.failures, open: streams.size });
    }
    function done() {
      inFlight -= 1;
      settled += 1;
      if (settled === count) finish();
      else pump();
    }
    function pump() {
      while (inFlight < concurrency && started < count) {
        started += 1;
        inFlight += 1;
        let once = false;
        const stream = new Stream(
          port,
          path,
          headers,
          () => {
            counters.opened += 1;
            if (!once) (once = true), done();
          },
          (reason) => {
            counters.failed += 1;
            noteFailure(reason);
            if (!once) (once = true), done();
          },
        );
        streams.add(stream);
      }
    }
    if (count === 0) finish();
    else pump();
  });
}

function minEvents() {
  let min = Infinity;
  for (const stream of streams) if (stream.open && !stream.ended && stream.events < min) min = stream.events;
  return min === Infinity ? 0 : min;
}

serveIpc({
  connect: (args) => openMany(args),
  reset: ({ latency = false }) => {
    measureLatency = latency;
    histogram = new Histogram();
    totals = { events: 0, bytes: 0 };
    for (const stream of streams) {
      stream.events = 0;
      stream.bytes = 0;
    }
    return true;
  },
  watch: ({ intervalMs = 20 }) => {
    clearInterval(progressTimer);
    let last = -1;
    progressTimer = setInterval(() => {
      if (totals.events === last) return;
      last = totals.events;
      process.send({ type: 'progress', events: totals.events, min: minEvents(), open: streams.size });
    }, intervalMs);
    return true;
  },
  unwatch: () => {
    clearInterval(progressTimer);
    return true;
  },
  stats: () => {
    let max = 0;
    let openNow = 0;
    for (const stream of streams) {
      if (stream.events > max) max = stream.events;
      if (stream.open && !stream.ended) openNow += 1;
    }
    return {
      open: openNow,
      events: totals.events,
      bytes: totals.bytes,
      minEvents: minEvents(),
      maxEvents: max,
      opened: counters.opened,
      failed: counters.failed,
      droppedAfterOpen: counters.droppedAfterOpen,
      failures: counters.failures,
      cpu: process.cpuUsage(),
      latency: measureLatency ? histogram.toJSON() : null,
    };
  },
  /** One stream resuming from lastEventId: time from connect() to the expect-th event, in ms. */
  replay: ({ port, path, lastEventId, expect, timeoutMs = 30_000 }) =>
    new Promise((resolve, reject) => {
      const start = performance.now();
      let openedAt = null;
      const stream = new Stream(port, path, { 'Last-Event-ID': String(lastEventId) }, () => (openedAt = performance.now()), (reason) => reject(new Error(reason)));
      const timer = setTimeout(() => {
        stream.socket.destroy();
        reject(new Error(`replay: ${stream.events} of ${expect} events within ${timeoutMs} ms`));
      }, timeoutMs);
      stream.onEvent = (events) => {
        if (events < expect) return;
        clearTimeout(timer);
        const ms = performance.now() - start;
        stream.onEvent = null;
        stream.ended = true;
        stream.socket.destroy();
        resolve({ ms, headersMs: openedAt === null ? null : openedAt - start, events, bytes: stream.bytes });
      };
    }),
  closeAll: () => {
    for (const stream of streams) {
      stream.ended = true;
      stream.socket.destroy();
    }
    streams.clear();
    counters = { opened: 0, failed: 0, droppedAfterOpen: 0, failures: {} };
    return true;
  },
});
process.send({ type: 'ready' });
