import type { SchemaObject } from '@nestjs/swagger';
import type { DescribedEvent, PayloadField } from '../../../shared/application/event-catalog.js';
import { KNOWN_EVENTS } from '../../application/known-events.js';
import { STREAM_RESET } from '../../application/stream-item.js';

// The subset of JSON Schema that OpenAPI 3.0 and AsyncAPI 3 both read (no const, one type each): one
// schema per message serves /docs-json and /asyncapi.json alike.

/** An SSE message of the stream as both documents describe it: its event type, words, and the schema of its data. */
export interface StreamMessage {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly payload: SchemaObject;
}

// Personal fields are optional, not a second message per audience: the type, id and order of an event are
// the same for every token, and one message per type keeps `name` a key the dashboard can filter by.
function dataSchema({ fields }: DescribedEvent): SchemaObject {
  const payload = Object.entries(fields);
  return {
    type: 'object',
    additionalProperties: false,
    required: ['id', ...payload.filter(([, field]) => !field.personal).map(([name]) => name), 'occurredAt'],
    properties: {
      id: { type: 'string', format: 'uuid', description: 'The id of the aggregate the event happened to (the user, for user.*).' },
      ...Object.fromEntries(payload.map(([name, field]) => [name, fieldSchema(field)])),
      occurredAt: { type: 'string', format: 'date-time', description: 'When it happened, as an ISO-8601 instant.' },
    },
  };
}

function fieldSchema({ description, format }: PayloadField): SchemaObject {
  return { type: 'string', description, ...(format !== undefined && { format }) };
}

const STREAM_RESET_MESSAGE: StreamMessage = {
  name: STREAM_RESET,
  title: 'Stream reset',
  summary:
    'The log cannot continue from the id asked for without a hole (older than the retained window, or newer than the newest event); ' +
    'the stream goes on from resumeFrom, whatever the types= filter. Reload what you show.',
  payload: {
    type: 'object',
    additionalProperties: false,
    required: ['lastEventId', 'resumeFrom'],
    properties: {
      lastEventId: { type: 'string', pattern: '^\\d+$', description: 'The id the client asked to resume after, exactly as it sent it.' },
      resumeFrom: { type: 'integer', minimum: 0, description: "The position the stream continues from; also this message's id." },
    },
  },
};

/** Every message GET /events may carry after its opening one: each known event type, then stream.reset. */
export const STREAM_MESSAGES: readonly StreamMessage[] = [
  ...KNOWN_EVENTS.events.map((event) => ({ name: event.type, title: event.title, summary: event.summary, payload: dataSchema(event) })),
  STREAM_RESET_MESSAGE,
];
