import { KNOWN_EVENTS } from '../../application/known-events.js';
import { STREAM_MESSAGES } from './event-schemas.js';

const SECURITY = [{ $ref: '#/components/securitySchemes/bearer' }, { $ref: '#/components/securitySchemes/session' }];

const STREAM_RULES = [
  'Server-Sent Events (text/event-stream). The first message carries `retry:` and the position the stream starts from as its `id`, and no event.',
  'Every later message has exactly the fields `id`, `event` and `data`: `event` is the message name below, `data` its payload as one line of JSON.',
  '`id` is the event\'s position in the event log: an integer, strictly increasing along the stream, the same on every connection and every instance.',
  'Resume with the `Last-Event-ID` header (or `?lastEventId=`; the header wins): every retained event after it is sent in order, then the stream goes live, with no gap and no duplicate.',
  'When the log cannot continue from that id without a hole, the first message after the opening one is `stream.reset`.',
  'A comment `: heartbeat` is sent when the stream has been quiet for SSE_HEARTBEAT_MS.',
].join('\n\n');

/** The AsyncAPI 3 document of GET /events, built from the event registry that the types= filter reads. */
export const ASYNCAPI_DOCUMENT = {
  asyncapi: '3.0.0',
  info: {
    title: 'Herald event stream',
    version: '0.1.0',
    description: `Every change to a user, streamed to browsers as a domain event.\n\n${STREAM_RULES}`,
  },
  defaultContentType: 'application/json',
  servers: {
    herald: {
      host: '{host}',
      protocol: 'http',
      description: 'Wherever the service runs; the security schemes apply when AUTH_MODE=jwt.',
      variables: { host: { default: 'localhost:3000', description: 'host and port of the service' } },
      security: SECURITY,
    },
  },
  channels: {
    events: {
      address: '/events',
      title: 'The event stream',
      description: STREAM_RULES,
      messages: Object.fromEntries(STREAM_MESSAGES.map(({ name }) => [name, { $ref: `#/components/messages/${name}` }])),
    },
  },
  operations: {
    receiveEvents: {
      action: 'receive',
      channel: { $ref: '#/channels/events' },
      title: 'GET /events',
      summary: 'Open the stream, optionally filtered by type and resuming after an id.',
      description:
        'Needs a token with events:read when AUTH_MODE=jwt (Authorization: Bearer, or the herald_session cookie). `email` is in an event only for a ' +
        'token with users:read. A bad `types`, `lastEventId` or `Last-Event-ID` is a 400 before the stream starts; past the connection limits, 429 (per client) or 503.',
      security: SECURITY,
      messages: STREAM_MESSAGES.map(({ name }) => ({ $ref: `#/channels/events/messages/${name}` })),
      bindings: {
        http: {
          method: 'GET',
          query: {
            type: 'object',
            additionalProperties: false,
            properties: {
              types: { type: 'string', description: `Comma-separated event types to receive; known: ${KNOWN_EVENTS.types.join(', ')}. stream.reset comes whatever the filter.` },
              lastEventId: { type: 'string', pattern: '^\\d+$', description: 'As the Last-Event-ID header, for clients that cannot set headers; the header wins.' },
            },
          },
          bindingVersion: '0.3.0',
        },
      },
    },
  },
  components: {
    messages: Object.fromEntries(STREAM_MESSAGES.map((message) => [message.name, { ...message, contentType: 'application/json' }])),
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'Authorization: Bearer <token> with the scope events:read (and users:read to see email).',
      },
      session: {
        type: 'httpApiKey',
        in: 'cookie',
        name: 'herald_session',
        description: 'The cookie POST /auth/session sets from a bearer token, for EventSource, which cannot send a header.',
      },
    },
  },
} as const;
