/** One message of a text/event-stream as it was on the wire: its lines, split into fields and comments. */
export interface SseBlock {
  readonly lines: readonly string[];
  readonly fields: readonly { readonly name: string; readonly value: string }[];
  readonly comments: readonly string[];
}

/**
 * Splits a text/event-stream body into its messages, as the WHATWG parser sees them: lines end in
 * CRLF, LF or CR, a blank line ends a message, and a trailing message without its blank line is left out.
 */
export function parseSse(body: string): SseBlock[] {
  const lines = body.split(/\r\n|\r|\n/);
  lines.pop(); // the text after the last line break is not a complete line yet
  const blocks: SseBlock[] = [];
  let current: string[] = [];
  for (const line of lines) {
    if (line !== '') {
      current.push(line);
      continue;
    }
    if (current.length > 0) blocks.push(toBlock(current));
    current = [];
  }
  return blocks;
}

function toBlock(lines: string[]): SseBlock {
  const fields: { name: string; value: string }[] = [];
  const comments: string[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (colon === 0) comments.push(value);
    else fields.push({ name, value });
  }
  return { lines, fields, comments };
}

/** The value of a field the block carries once; undefined when absent; fails when repeated. */
export function field(block: SseBlock, name: string): string | undefined {
  const values = block.fields.filter((candidate) => candidate.name === name);
  if (values.length > 1) throw new Error(`field ${name} appears ${values.length} times in ${JSON.stringify(block.lines)}`);
  return values[0]?.value;
}

/** The blocks that carry an event field: the domain events and stream.reset. */
export const eventBlocks = (blocks: readonly SseBlock[]): SseBlock[] => blocks.filter((block) => field(block, 'event') !== undefined);
