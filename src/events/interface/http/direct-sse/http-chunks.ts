const CRLF = Buffer.from('\r\n');
const framed = new WeakMap<Buffer, Buffer>();

/** Bytes as one HTTP/1.1 chunk of a chunked body: the size line, the bytes, CRLF. */
export function chunkOf(bytes: Buffer): Buffer {
  const sizeLine = Buffer.from(`${bytes.length.toString(16)}\r\n`);
  return Buffer.concat([sizeLine, bytes, CRLF], sizeLine.length + bytes.length + 2);
}

/**
 * The chunk of bytes that many streams write (an event's Buffer, the heartbeat), framed once and then shared:
 * written to the socket as it is, with no framing per connection. Held as long as the bytes are.
 */
export function sharedChunkOf(bytes: Buffer): Buffer {
  let chunk = framed.get(bytes);
  if (chunk === undefined) {
    chunk = chunkOf(bytes);
    framed.set(bytes, chunk);
  }
  return chunk;
}
