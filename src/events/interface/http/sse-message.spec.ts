import 'reflect-metadata';
import { once } from 'node:events';
import type { MessageEvent } from '@nestjs/common';
import { SseStream } from '@nestjs/core/router/sse-stream.js';
import { RecordedEvent } from '../../../shared/application/recorded-event.js';
import { eventMessage, HEARTBEAT, openingMessage, resetMessage, type SseMessage, wireText } from './sse-message.js';

const USER_ID = '5c0e6d3a-8b1f-4e2a-9c7d-0f1e2d3c4b5a';
const OCCURRED_AT = new Date('2026-11-24T19:00:00.000Z');

const created = (position: number, name: string) =>
  new RecordedEvent(position, 'user.created', USER_ID, OCCURRED_AT, { email: 'a@b.com', name });

/** What Nest's own SSE writer pushes for the message, without the leading blank line it sends with the headers. */
async function writtenByNest(message: MessageEvent): Promise<string> {
  const stream = new SseStream();
  const chunks: string[] = [];
  stream.on('data', (chunk: string) => chunks.push(chunk));
  await new Promise<void>((resolve, reject) => stream.writeMessage(message, (error) => (error ? reject(error) : resolve())));
  stream.end();
  await once(stream, 'end');
  return chunks.join('');
}

const LINE_BREAKS = [
  ['CRLF', 'Ann\r\nLee'],
  ['CR', 'Ann\rLee'],
  ['LF', 'Ann\nLee'],
  ['U+2028', 'Ann\u2028Lee'],
  ['U+2029', 'Ann\u2029Lee'],
  ['all of them', '\r\nAnn\r\u2028\nLee\n\r'],
];

describe('eventMessage', () => {
  it('gives the position as id, the type as event and one-line JSON data with occurredAt', () => {
    expect(eventMessage(created(42, 'Ann')).message).toEqual({
      id: '42',
      type: 'user.created',
      data: `{"id":"${USER_ID}","email":"a@b.com","name":"Ann","occurredAt":"2026-11-24T19:00:00.000Z"}`,
    });
  });

  it('carries the position, type and size the streams need with the message', () => {
    const encoded = eventMessage(created(7, 'Ann'));
    expect(encoded).toMatchObject({ position: 7, type: 'user.created', isEvent: true });
    expect(encoded.bytes).toBeGreaterThan(0);
  });

  it.each(LINE_BREAKS)('never puts a raw CR or LF in a field when the name holds %s', (_, name) => {
    const { message } = eventMessage(created(3, name));
    for (const value of [message.id, message.type, message.data]) expect(value).not.toMatch(/[\r\n]/);
    expect(JSON.parse(message.data as string)).toMatchObject({ name });
  });

  it.each(LINE_BREAKS)('is written by Nest as exactly three field lines when the name holds %s', async (_, name) => {
    const wire = await writtenByNest(eventMessage(created(3, name)).message);
    expect(wire.includes('\r')).toBe(false);
    const lines = wire.split('\n');
    expect(lines.slice(0, 2)).toEqual(['event: user.created', 'id: 3']);
    expect(lines[2]?.startsWith('data: ')).toBe(true);
    expect(JSON.parse(lines[2]?.slice('data: '.length) ?? '')).toMatchObject({ name });
    expect(lines.slice(3)).toEqual(['', '']);
  });

  it('refuses an event type holding a line break rather than writing it raw', () => {
    const recorded = new RecordedEvent(1, 'user.created\ndata: forged', USER_ID, OCCURRED_AT, {});
    expect(() => eventMessage(recorded)).toThrow(/CR or LF/);
  });
});

describe('openingMessage', () => {
  it('carries the position as id and the retry, and nothing else', () => {
    expect(openingMessage(12, 3000).message).toEqual({ id: '12', retry: 3000 });
  });

  it('keeps id 0 for an empty log, so that Nest does not number it', async () => {
    expect(await writtenByNest(openingMessage(0, 3000).message)).toBe('id: 0\nretry: 3000\n\n');
  });
});

describe('resetMessage', () => {
  it('is a stream.reset event at the position it resumes from, naming the id it could not continue', () => {
    expect(resetMessage('41', 100).message).toEqual({
      id: '100',
      type: 'stream.reset',
      data: '{"lastEventId":"41","resumeFrom":100}',
    });
  });
});

describe('HEARTBEAT', () => {
  it('is a heartbeat comment that Nest writes without an id', async () => {
    expect(await writtenByNest(HEARTBEAT.message)).toBe(': heartbeat\n\n');
  });
});

describe('the byte count of a message', () => {
  const cases: [string, SseMessage][] = [
    ['an event', eventMessage(created(42, 'Ann'))],
    ['an event with a non-ASCII name', eventMessage(created(43, 'Zoë Ångström 日本語 😀'))],
    ['an event whose name holds line breaks and U+2028', eventMessage(created(44, '\r\nAnn\r\u2028\nLee'))],
    ['an event at a large position', eventMessage(created(9_007_199_254_740_991, 'Ann'))],
    ['the opening message', openingMessage(1234, 3000)],
    ['a reset', resetMessage('5', 10_000)],
    ['the heartbeat', HEARTBEAT],
  ];

  it.each(cases)('equals what Nest writes for %s', async (_, message) => {
    expect(message.bytes).toBe(Buffer.byteLength(await writtenByNest(message.message)));
  });

  it.each(cases)('frames %s for the direct writer byte for byte as Nest does', async (_, message) => {
    expect(wireText(message.message)).toBe(await writtenByNest(message.message));
  });

  it('gives an event one Buffer of those bytes, the same one on every use', async () => {
    const event = eventMessage(created(45, 'Ann'));
    expect(event.wire.toString()).toBe(await writtenByNest(event.message));
    expect(event.wire).toBe(event.wire);
  });
});
