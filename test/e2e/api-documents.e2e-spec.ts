import { Parser } from '@asyncapi/parser';
import { KNOWN_EVENTS } from '../../src/events/application/known-events.js';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { JWT_MODE } from '../support/tokens.js';

const ERROR = 0; // DiagnosticSeverity.Error: warnings and hints (such as "3.1.0 exists") do not fail

interface AsyncApiMessage {
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly payload: { readonly required: readonly string[]; readonly properties: Readonly<Record<string, unknown>> };
}

describe('GET /asyncapi.json', () => {
  let booted: BootedApp;
  let document: { components: { messages: Record<string, AsyncApiMessage> } } & Record<string, unknown>;

  beforeAll(async () => {
    booted = await bootApp(JWT_MODE);
    const response = await fetch(`${booted.url}/asyncapi.json`); // no token: the documents are public in every mode
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    document = (await response.json()) as typeof document;
  });

  afterAll(async () => {
    await booted?.close();
  });

  it('is an AsyncAPI 3 document the AsyncAPI parser finds no error in', async () => {
    const diagnostics = await new Parser().validate(JSON.stringify(document));
    const errors = diagnostics.filter(({ severity }) => severity === ERROR).map(({ code, message, path }) => `${path.join('.')}: ${code} ${message}`);

    expect(document.asyncapi).toMatch(/^3\./);
    expect(errors).toEqual([]);
  });

  it('has one message per event type of the registry, and stream.reset, each named by its type with a title, a summary and a payload schema', () => {
    const messages = Object.values(document.components.messages);

    expect(messages.map(({ name }) => name).sort()).toEqual([...KNOWN_EVENTS.types, 'stream.reset'].sort());
    for (const message of messages) {
      expect(message).toEqual(expect.objectContaining({ title: expect.any(String), summary: expect.any(String), payload: expect.objectContaining({ type: 'object' }) }));
    }
  });

  it('describes email as present only for some tokens: a user.created payload requires everything but it', () => {
    const { payload } = document.components.messages['user.created']!;

    expect(Object.keys(payload.properties).sort()).toEqual(['email', 'id', 'name', 'occurredAt']);
    expect([...payload.required].sort()).toEqual(['id', 'name', 'occurredAt']);
    expect(payload.properties.email).toEqual(expect.objectContaining({ description: expect.stringContaining('users:read') }));
  });

  it('receives on the channel at /events, with the bearer and cookie schemes', () => {
    expect(document).toMatchObject({
      channels: { events: { address: '/events' } },
      operations: { receiveEvents: { action: 'receive', channel: { $ref: '#/channels/events' } } },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'httpApiKey', in: 'cookie', name: 'herald_session' } } },
    });
  });
});
