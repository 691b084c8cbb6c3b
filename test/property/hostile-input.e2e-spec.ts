import fc from 'fast-check';
import { type BootedApp, bootApp, type Settings } from '../support/boot-app.js';
import { requestTo, type Route } from '../support/hostile-requests.js';
import { ALL_SCOPES, bearer, mintToken, TEST_SECRET } from '../support/tokens.js';
import { emailKeyIn } from './answers.js';
import { type Batch, HostileRun } from './hostile-run.js';
import { SideStream, type StreamedEvent, snapshot } from './service-state.js';

// Every property starts from this seed; a failure prints it with the path of the shrunk case, which replays it.
const SEED = 20_261_124;

/**
 * Route families, each its own property so that a defect in one hides none in the others. Runs of 1 to 12
 * requests: about 4000 requests in all, each family cut off after its time budget on a slow machine.
 */
const FAMILIES: readonly (readonly [name: string, routes: readonly Route[], numRuns: number, budgetMs: number])[] = [
  ['the users writes', ['POST /users', 'PATCH /users/:id', 'DELETE /users/:id'], 220, 12_000],
  ['the users reads', ['GET /users', 'GET /users/:id'], 150, 8_000],
  ['the event stream', ['GET /events'], 100, 6_000],
  ['the session cookie', ['POST /auth/session', 'DELETE /auth/session'], 60, 4_000],
  [
    'operations, the dashboard, the docs and paths that are no route',
    ['GET /metrics', 'GET /health', 'GET /health/live', 'GET /health/ready', 'GET /', 'GET /docs-json', 'GET /asyncapi.json', 'unknown'],
    90,
    5_000,
  ],
];
const EVERY_ROUTE = FAMILIES.flatMap(([, routes]) => routes);

const batchOf = (routes: readonly Route[], varyHost: boolean): fc.Arbitrary<Batch> =>
  fc.record({
    together: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, fc.constant(true)),
    requests: fc.array(fc.oneof(...routes.map((route) => requestTo(route, { varyHost }))), { minLength: 1, maxLength: 12 }),
  });

async function assertHostile(run: HostileRun, routes: readonly Route[], numRuns: number, budgetMs: number, varyHost = false): Promise<void> {
  await fc.assert(
    fc.asyncProperty(batchOf(routes, varyHost), (batch) => run.check(batch)),
    { seed: SEED, numRuns, plugins: [fc.interruptAfterTimeLimit(budgetMs)] },
  );
}

/** Users to refer to from the start, more than a snapshot's page of 50 so that cursors come out too; sent together, as one group commit. */
async function seedUsers(url: string, headers: Record<string, string>): Promise<void> {
  await Promise.all(
    Array.from({ length: 55 }, async (_, n) => {
      const body = JSON.stringify({ email: `seed${n}@example.com`, name: `Seed ${n}` });
      const response = await fetch(`${url}/users`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
      if (response.status !== 201) throw new Error(`seeding answered ${response.status}: ${await response.text()}`);
    }),
  );
}

const ASSERTIONS = "no 5xx; every 4xx in Nest's shape, changing nothing and emitting nothing";

describe('hostile input under AUTH_MODE=jwt', () => {
  let service: BootedApp;
  let reader: Record<string, string>;
  let full: SideStream;
  let eventsOnly: SideStream;
  let run: HostileRun;

  beforeAll(async () => {
    service = await bootApp({ AUTH_MODE: 'jwt', AUTH_SECRET: TEST_SECRET, RATE_LIMIT_WRITES: '0' } satisfies Settings);
    reader = bearer(await mintToken({ scope: ALL_SCOPES }));
    await seedUsers(service.url, reader);
    full = await SideStream.open(service.url, reader);
    eventsOnly = await SideStream.open(service.url, { ...bearer(await mintToken({ scope: 'events:read' })), 'Last-Event-ID': '0' });
    run = new HostileRun(service, reader, full, true);
  }, 30_000);

  afterAll(async () => {
    await run?.idle();
    full?.close();
    eventsOnly?.close();
    await service?.close();
  });

  it.each(FAMILIES)(
    `%s: ${ASSERTIONS}; no 2xx past a missing scope; no email to a token without users:read`,
    async (_name, routes, numRuns, budgetMs) => {
      await assertHostile(run, routes, numRuns, budgetMs);
    },
    40_000,
  );

  it('streams the same events to a token with events:read alone, with no email in any', async () => {
    await run.idle();
    await eventsOnly.reach((await snapshot(service.url, reader)).head);
    const shown = (events: readonly StreamedEvent[]) => events.filter((event) => event.id > full.openedAt).map((event) => `${event.id} ${event.type}`);
    expect(shown(eventsOnly.events())).toEqual(shown(full.events()));
    const withEmail = eventsOnly.events().filter((event) => emailKeyIn(event.data) !== null);
    expect(withEmail.slice(0, 3).map((event) => `${event.id} ${event.type} ${JSON.stringify(event.data)}`)).toEqual([]);
  });
});

describe('hostile input with AUTH_MODE unset (loopback only, Host checked)', () => {
  let service: BootedApp;
  let full: SideStream;
  let run: HostileRun;

  beforeAll(async () => {
    service = await bootApp({ RATE_LIMIT_WRITES: '0' } satisfies Settings);
    await seedUsers(service.url, {});
    full = await SideStream.open(service.url, {});
    run = new HostileRun(service, {}, full, false);
  }, 30_000);

  afterAll(async () => {
    await run?.idle();
    full?.close();
    await service?.close();
  });

  it(`every route, whatever the Host: ${ASSERTIONS}`, async () => {
    await assertHostile(run, EVERY_ROUTE, 130, 8_000, true);
  }, 40_000);
});
