import { InvalidCursor, PageCursor } from './page-cursor.js';

const ID = '10000000-0000-4000-8000-00000000000a';
const cursorOf = (text: string): string => Buffer.from(text).toString('base64url');

describe('PageCursor', () => {
  it('decodes what it encodes', () => {
    const position = { createdAt: new Date('2026-11-24T19:00:02.123Z'), id: ID };
    expect(PageCursor.decode(PageCursor.encode(position))).toEqual(position);
  });

  it.each(['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z'])('takes a date at the edge of what PostgreSQL stores: %s', (iso) => {
    expect(PageCursor.decode(cursorOf(`${iso}|${ID}`)).createdAt.toISOString()).toBe(iso);
  });

  it.each([
    ['in year 0', '0000-01-01T00:00:00.000Z'],
    ['in a negative year', '-000001-12-31T23:59:59.999Z'],
    ['in year 10000', '+010000-01-01T00:00:00.000Z'],
    ['without milliseconds', '2026-11-24T19:00:02Z'],
    ['in another time zone', '2026-11-24T20:00:02.000+01:00'],
  ])('rejects a date %s', (_, iso) => {
    expect(() => PageCursor.decode(cursorOf(`${iso}|${ID}`))).toThrow(InvalidCursor);
  });

  it.each([
    ['padded', (cursor: string) => `${cursor}==`],
    ['in standard base64', (cursor: string) => Buffer.from(cursor, 'base64url').toString('base64')],
    ['with whitespace', (cursor: string) => ` ${cursor}\n`],
    ['with a character base64 skips', (cursor: string) => `${cursor}.`],
    ['with the id in capitals', () => cursorOf(`2026-11-24T19:00:02.123Z|${ID.toUpperCase()}`)],
  ])('rejects a cursor spelled other than it is issued: %s', (_, respell) => {
    const cursor = PageCursor.encode({ createdAt: new Date('2026-11-24T19:00:02.123Z'), id: ID });
    expect(() => PageCursor.decode(respell(cursor))).toThrow(InvalidCursor);
  });

  it('rejects bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from(`2026-11-24T19:00:02.123Z|${ID}`), Buffer.from([0xff])]);
    expect(() => PageCursor.decode(bytes.toString('base64url'))).toThrow(InvalidCursor);
  });
});
