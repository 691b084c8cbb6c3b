import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, type SchemaObject } from '@nestjs/swagger';
import { ApiErrors } from '../../../shared/interface/http/api-errors.js';
import { KNOWN_EVENTS } from '../../application/known-events.js';
import { STREAM_MESSAGES, type StreamMessage } from './event-schemas.js';

/** One SSE message in OpenAPI's terms, the same payload schema as /asyncapi.json gives it. */
const sseMessage = ({ name, title, summary, payload }: StreamMessage): SchemaObject => ({
  type: 'object',
  title,
  description: summary,
  required: ['id', 'event', 'data'],
  properties: {
    id: { type: 'string', pattern: '^\\d+$', description: "the event's position in the log, strictly increasing; resume after it with Last-Event-ID" },
    event: { type: 'string', enum: [name] },
    data: { ...payload, description: 'one line of JSON' },
  },
});

/** GET /events in /docs-json: a text/event-stream of the registry's messages, its parameters and its refusals. */
export const ApiEventStream = (): MethodDecorator =>
  applyDecorators(
    ApiOperation({ summary: 'The stream of domain events (Server-Sent Events); /asyncapi.json describes each message' }),
    ApiProduces('text/event-stream'),
    ApiQuery({ name: 'types', required: false, schema: { type: 'string' }, example: 'user.created,user.deleted', description: `comma-separated; known: ${KNOWN_EVENTS.types.join(', ')}` }),
    ApiQuery({ name: 'lastEventId', required: false, schema: { type: 'string', pattern: '^\\d+$' }, description: 'as the Last-Event-ID header; the header wins' }),
    ApiHeader({ name: 'Last-Event-ID', required: false, schema: { type: 'string', pattern: '^\\d+$' }, description: 'resume after this position' }),
    ApiOkResponse({
      description: 'a retry: message with the starting position as its id, then one message per event; each item below is one message',
      headers: {
        'Cache-Control': { description: 'no-cache, no-store, must-revalidate', schema: { type: 'string' } },
        'X-Accel-Buffering': { description: 'no: proxies must not buffer the stream', schema: { type: 'string' } },
      },
      content: { 'text/event-stream': { schema: { oneOf: STREAM_MESSAGES.map(sseMessage) } } },
    }),
    ApiErrors(
      [400, 'an unknown type, or an id that is not a non-negative integer; before the stream starts'],
      [429, 'this client has SSE_MAX_CONNECTIONS_PER_CLIENT streams open'],
      [503, 'SSE_MAX_CONNECTIONS streams are open, or the log cannot be read to resume'],
    ),
  );
