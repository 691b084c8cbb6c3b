import { Parser } from '@asyncapi/parser';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
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

let booted: BootedApp;

// One app for both documents, with access control on: they need no token even then.
beforeAll(async () => {
  booted = await bootApp(JWT_MODE);
});

afterAll(async () => {
  await booted?.close();
});

describe('GET /asyncapi.json', () => {
  let document: { components: { messages: Record<string, AsyncApiMessage> } } & Record<string, unknown>;

  beforeAll(async () => {
    const response = await fetch(`${booted.url}/asyncapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    document = (await response.json()) as typeof document;
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

/** The error responses the contract names for each route, beside the 408 and the Host 403 every route may give. */
const NAMED_ERRORS: Readonly<Record<string, readonly number[]>> = {
  'post /users': [400, 401, 403, 409, 413, 415, 429],
  'get /users': [400, 401, 403],
  'get /users/{id}': [400, 401, 403, 404],
  'patch /users/{id}': [400, 401, 403, 404, 413, 415, 429],
  'delete /users/{id}': [400, 401, 403, 404, 429],
  'get /events': [400, 401, 403, 429, 503],
  'post /auth/session': [401],
  'delete /auth/session': [],
  'get /health': [401, 403, 503],
  'get /health/live': [],
  'get /health/ready': [503],
  'get /metrics': [401, 403],
  'get /asyncapi.json': [],
  'get /': [],
};
const EVERY_ROUTE = [408, 403];
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head'] as const;

interface RouterLayer {
  readonly route?: { readonly path: string; readonly methods: Readonly<Record<string, boolean>> };
}

describe('GET /docs-json', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    const response = await fetch(`${booted.url}/docs-json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as OpenAPIObject;
  });

  const operations = (): [string, OperationObject][] =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.flatMap((method) => (item[method] ? [[`${method} ${path}`, item[method]] as [string, OperationObject]] : [])),
    );

  it('is an OpenAPI document the validator finds no error in', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('documents every route the app serves, and only those', () => {
    const layers = (booted.app.getHttpAdapter().getInstance() as { router: { stack: readonly RouterLayer[] } }).router.stack;
    const served = layers
      .flatMap(({ route }) => (route ? Object.keys(route.methods).map((method) => `${method} ${route.path.replace(/:(\w+)/g, '{$1}')}`) : []))
      // the documents' own pages, and the JSON-only middleware's wildcard mounts, are not routes of the API
      .filter((route) => !/ \/docs/.test(route) && !route.includes('*'));

    expect(operations().map(([route]) => route).sort()).toEqual([...new Set(served)].sort());
    expect(Object.keys(NAMED_ERRORS).sort()).toEqual([...new Set(served)].sort());
  });

  it('gives every route a success response and the error responses the contract names, in Nest error shape', () => {
    const missing = operations().flatMap(([route, { responses }]) => {
      const statuses = Object.keys(responses).map(Number);
      const wanted = [...(NAMED_ERRORS[route] ?? []), ...EVERY_ROUTE].filter((status) => !statuses.includes(status));
      const success = statuses.some((status) => status >= 200 && status < 300) ? [] : ['2xx'];
      return [...success, ...wanted].map((status) => `${route}: ${status}`);
    });
    const notInErrorShape = operations().flatMap(([route, { responses }]) =>
      Object.entries(responses)
        .filter(([status]) => Number(status) >= 400 && !(route.startsWith('get /health') && status === '503')) // terminus's report
        .filter(([, response]) => JSON.stringify(response).indexOf('#/components/schemas/ErrorResponse') === -1)
        .map(([status]) => `${route}: ${status}`),
    );

    expect(missing).toEqual([]);
    expect(notInErrorShape).toEqual([]);
    expect(document.components?.schemas?.ErrorResponse).toMatchObject({ required: ['statusCode', 'message', 'error'] });
  });

  it('describes GET /events as text/event-stream of every registry message, with the same payload schemas as /asyncapi.json', async () => {
    const asyncApi = (await (await fetch(`${booted.url}/asyncapi.json`)).json()) as { components: { messages: Record<string, AsyncApiMessage> } };
    const content = document.paths['/events']?.get?.responses['200'] as { content: Record<string, { schema: { oneOf: { properties: Record<string, unknown> }[] } }> };
    const messages = content.content['text/event-stream']!.schema.oneOf;

    expect(Object.keys(content.content)).toEqual(['text/event-stream']);
    expect(messages.map(({ properties }) => properties.event)).toEqual([...KNOWN_EVENTS.types, 'stream.reset'].map((type) => ({ type: 'string', enum: [type] })));
    for (const { properties } of messages) {
      const { enum: [type] } = properties.event as { enum: [string] };
      const { description: _, ...data } = properties.data as Record<string, unknown>;
      expect(data).toEqual(asyncApi.components.messages[type]!.payload);
    }
  });

  it('names the security schemes, and which routes take them: a bearer token, and on GET routes the session cookie too', () => {
    const security = Object.fromEntries(operations().map(([route, { security }]) => [route, (security ?? []).flatMap((requirement) => Object.keys(requirement))]));

    expect(document.components?.securitySchemes).toMatchObject({ bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'herald_session' } });
    expect(security).toMatchObject({
      'post /users': ['bearer'],
      'get /users': ['bearer', 'session'],
      'get /events': ['bearer', 'session'],
      'get /metrics': ['bearer', 'session'],
      'get /asyncapi.json': [],
      'get /health/live': [],
    });
  });
});
