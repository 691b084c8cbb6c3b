const CRLF = Buffer.from('\r\n');

/** Bytes as one HTTP/1.1 chunk of a chunked body: the size line, the bytes, CRLF. */
export function chunkOf(bytes: Buffer): Buffer {
  const sizeLine = Buffer.from(`${bytes.length.toString(16)}\r\n`);
  return Buffer.concat([sizeLine, bytes, CRLF], sizeLine.length + bytes.length + 2);
}

/** The bytes a chunk carries: a view of it, not a copy. */
export function chunkBody(chunk: Buffer): Buffer {
  return chunk.subarray(chunk.indexOf(CRLF) + 2, chunk.length - 2);
}
