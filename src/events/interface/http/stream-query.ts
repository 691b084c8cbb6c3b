import { BadRequestException } from '@nestjs/common';
import type { StreamRequest } from '../../application/event-streams.js';
import { KNOWN_EVENTS } from '../../application/known-events.js';

export interface StreamQuery {
  readonly types?: unknown;
  readonly lastEventId?: unknown;
}

const NON_NEGATIVE_INTEGER = /^\d+$/;
const PARAMETERS: readonly string[] = ['types', 'lastEventId'] satisfies (keyof StreamQuery)[];

/** Checks the request before any header is sent, so that a bad one is a plain 400. */
export function parseStreamRequest(query: StreamQuery, lastEventIdHeader: string | undefined): StreamRequest {
  // Worded as the DTOs' whitelist; Express's query object has no prototype, so __proto__ and toString are names like any other.
  const unknown = Object.keys(query).filter((name) => !PARAMETERS.includes(name));
  if (unknown.length > 0) throw new BadRequestException(unknown.map((name) => `property ${name} should not exist`));
  return {
    types: parseTypes(query.types),
    // The header wins: it is what a browser's EventSource sends when it reconnects.
    lastEventId: parseLastEventId(lastEventIdHeader ?? query.lastEventId),
  };
}

function parseTypes(raw: unknown): ReadonlySet<string> | null {
  if (raw === undefined) return null;
  // types=a,b and types=a&types=b mean the same
  const lists = Array.isArray(raw) ? raw : [raw];
  if (!lists.every((list): list is string => typeof list === 'string')) throw new BadRequestException('types must be a comma-separated list');
  const types = lists.flatMap((list) => list.split(',')).map((type) => type.trim());
  const unknown = types.filter((type) => !KNOWN_EVENTS.has(type));
  if (unknown.length > 0) {
    throw new BadRequestException(`unknown event type(s): ${unknown.join(', ')}; known: ${KNOWN_EVENTS.types.join(', ')}`);
  }
  return new Set(types);
}

// A bigint: any non-negative integer is a valid id, and one past every position gets a stream.reset, not a 400.
function parseLastEventId(raw: unknown): bigint | null {
  if (raw === undefined) return null;
  const value = typeof raw === 'string' ? raw.trim() : raw;
  if (typeof value !== 'string' || !NON_NEGATIVE_INTEGER.test(value)) {
    throw new BadRequestException('Last-Event-ID must be a non-negative integer');
  }
  return BigInt(value);
}
