import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { type BootedApp, bootApp, type Settings } from '../support/boot-app.js';
import { launchChromium } from '../support/browser.js';
import { bundleHeraldClient } from '../support/client-bundle.js';
import { freshDataDir } from '../support/data-dir.js';
import { readMetric } from '../support/metrics.js';
import { chromiumBrowser, describeWith } from '../support/requirements.js';
import { freePort } from '../support/service-process.js';
import { openStreamTab, type StreamTab, type TabOptions, type TabRecord } from '../support/stream-tabs.js';
import { ALL_SCOPES, bearer, JWT_MODE, mintToken } from '../support/tokens.js';
import { sendJson } from '../support/users.js';
import { waitUntil } from '../support/wait.js';
import { STREAM_WRITERS, writtenBy } from '../support/stream-writers.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const lastState = (record: TabRecord) => record.states.at(-1);

describe.each(STREAM_WRITERS)('(SSE_WRITER=%s)', (writer) =>
  describeWith([chromiumBrowser], "Herald's browser client, one stream shared by the tabs", () => {
    let browser: Browser;
    let bundle: string;
    let context: BrowserContext;

    beforeAll(async () => {
      [browser, bundle] = await Promise.all([launchChromium(), bundleHeraldClient()]);
    });

    afterAll(async () => {
      await browser?.close();
    });

    beforeEach(async () => {
      // One context: its pages are tabs of one origin, which share Web Locks and BroadcastChannel.
      context = await browser.newContext({ bypassCSP: true });
    });

    afterEach(async () => {
      await context?.close();
    });

    /** A service, and the users written to it: each write is one event, so the count is the log's head. */
    class Service {
      written = 0;
      constructor(readonly booted: BootedApp, private readonly headers: Record<string, string> = {}) {}
      get url(): string {
        return this.booted.url;
      }
      /** Writes n users; returns their event ids. */
      async write(n: number): Promise<number[]> {
        const ids = range(this.written + 1, this.written + n);
        for (const id of ids) {
          const response = await sendJson(this.url, 'POST', '/users', { email: `u${id}@example.com`, name: `U${id}` }, this.headers);
          if (response.status !== 201) throw new Error(`POST /users answered ${response.status}`);
          this.written = id;
        }
        return ids;
      }
    }

    // SSE_RETRY_MS short, so that EventSource's own reconnect after a drop comes quickly.
    const boot = (settings: Settings = {}, port = 0): Promise<BootedApp> => bootApp({ SSE_RETRY_MS: '100', ...writtenBy(writer), ...settings }, port);
    const open = (service: Service, after: number, options?: TabOptions): Promise<StreamTab> => openStreamTab(context, service.url, bundle, after, options);
    const until = async (tab: StreamTab, what: string, condition: (record: TabRecord) => boolean, timeoutMs = 10_000): Promise<TabRecord> => {
      let record = await tab.record();
      await waitUntil(async () => condition((record = await tab.record())), what, timeoutMs, 50);
      return record;
    };
    const inState = (tab: StreamTab, status: string) => until(tab, `the tab is ${status}`, (record) => lastState(record)?.status === status);
    const live = (tab: StreamTab) => inState(tab, 'live');
    /** Waits until the tab delivered at least count events; returns the ids of all it delivered. */
    const delivered = async (tab: StreamTab, count: number): Promise<number[]> =>
      (await until(tab, `${count} events arrived`, (record) => record.ids.length >= count)).ids;
    const leaderOf = async (tabs: StreamTab[]): Promise<StreamTab> => {
      const roles = await Promise.all(tabs.map(async (tab) => lastState(await tab.record())?.role));
      expect(roles.filter((role) => role === 'leader')).toHaveLength(1);
      return tabs[roles.indexOf('leader')]!;
    };

    describe('on one service', () => {
      let service: Service;

      beforeAll(async () => {
        service = new Service(await boot());
      });

      afterAll(async () => {
        await service?.booted.close();
      });

      it('three tabs hold one connection and all deliver the same events, in order, once each', async () => {
        await service.write(2);
        const start = service.written;
        const tabs = [await open(service, start), await open(service, start), await open(service, start)];
        for (const tab of tabs) await live(tab);
        const ids = await service.write(10);

        for (const tab of tabs) expect(await delivered(tab, ids.length)).toEqual(ids);
        expect(await readMetric(service.url, 'sse_connections')).toBe(1);
        await leaderOf(tabs);
        const records = await Promise.all(tabs.map((tab) => tab.record()));
        const follower = records.find((record) => lastState(record)?.role === 'follower');
        expect(lastState(follower!)).toMatchObject({ status: 'live', role: 'follower', reason: null });
      });

      it('when the leader tab closes while events are written, another takes over with no gap and no duplicate', async () => {
        const start = service.written;
        const tabs = [await open(service, start), await open(service, start), await open(service, start)];
        for (const tab of tabs) await live(tab);
        const before = await service.write(5);
        for (const tab of tabs) await delivered(tab, before.length);

        const leader = await leaderOf(tabs);
        const writing = service.write(25);
        await until(leader, 'the writes started', (record) => record.ids.length >= before.length + 3);
        await leader.close();
        const during = await writing;

        const rest = tabs.filter((tab) => tab !== leader);
        for (const tab of rest) expect(await delivered(tab, before.length + during.length)).toEqual([...before, ...during]);
        await leaderOf(rest);
        await waitUntil(async () => (await readMetric(service.url, 'sse_connections')) === 1, 'one connection is left', 5000);
      });

      it('a tab that opens behind the leader catches up from it, then follows live', async () => {
        const start = service.written;
        const leader = await open(service, start);
        await live(leader);
        const earlier = await service.write(10);
        await delivered(leader, earlier.length);

        const behind = await open(service, earlier[3]!);
        await delivered(behind, 6);
        const later = await service.write(2);
        expect(await delivered(behind, 8)).toEqual([...earlier.slice(4), ...later]);
        expect(lastState(await behind.record())).toMatchObject({ role: 'follower', status: 'live' });
      });

      it('a tab further behind than the leader holds is asked to reload, then follows from the leader\'s id', async () => {
        const start = service.written;
        await service.write(3);
        const leader = await open(service, start + 3);
        await live(leader);

        const behind = await open(service, start);
        const { resets } = await until(behind, 'a reset arrived', (record) => record.resets.length > 0);
        expect(resets).toEqual([{ lastEventId: String(start), resumeFrom: start + 3 }]);
        await behind.restart(start + 3);
        const ids = await service.write(2);
        expect(await delivered(behind, 2)).toEqual(ids);
      });

      it('a tab that closes its stream hands the connection to another, which goes on from its last id', async () => {
        const start = service.written;
        const tabs = [await open(service, start), await open(service, start)];
        for (const tab of tabs) await live(tab);
        const leader = await leaderOf(tabs);
        const other = tabs.find((tab) => tab !== leader)!;

        await leader.closeStream();
        expect(lastState(await leader.record())).toMatchObject({ status: 'closed', role: 'leader' });
        await until(other, 'the other tab leads', (record) => lastState(record)?.role === 'leader' && lastState(record)?.status === 'live');
        const ids = await service.write(2);
        expect(await delivered(other, 2)).toEqual(ids);
        expect((await leader.record()).ids).toEqual([]);
      });

      it('without Web Locks every tab holds a stream of its own, and each delivers every event', async () => {
        const start = service.written;
        const tabs = [await open(service, start, { withoutWebLocks: true }), await open(service, start, { withoutWebLocks: true })];
        for (const tab of tabs) expect(lastState(await live(tab))).toMatchObject({ role: 'leader' });
        expect(await readMetric(service.url, 'sse_connections')).toBe(2);

        const ids = await service.write(3);
        for (const tab of tabs) expect(await delivered(tab, 3)).toEqual(ids);
      });

      it('while the browser is offline says so, and resumes where it was when it is back', async () => {
        const start = service.written;
        const tabs = [await open(service, start), await open(service, start)];
        for (const tab of tabs) await live(tab);
        const before = await service.write(2);
        for (const tab of tabs) await delivered(tab, before.length);

        await context.setOffline(true);
        for (const tab of tabs) expect(lastState(await inState(tab, 'offline'))).toMatchObject({ reason: 'offline', retryAt: null });
        const during = await service.write(3);
        await context.setOffline(false);

        for (const tab of tabs) expect(await delivered(tab, 5)).toEqual([...before, ...during]);
        for (const tab of tabs) await live(tab);
      });

      it('asks the application to reload when the log cannot continue from its position, then goes on', async () => {
        const head = service.written;
        const tab = await open(service, head + 50);

        const { resets } = await until(tab, 'a reset arrived', (record) => record.resets.length > 0);
        expect(resets).toEqual([{ lastEventId: String(head + 50), resumeFrom: head }]);
        await tab.restart(head);
        const ids = await service.write(1);
        expect(await delivered(tab, 1)).toEqual(ids);
      });
    });

    it('rides out a restart of the service: reconnecting, then live, nothing missed or repeated', async () => {
      const [port, dataDir] = await Promise.all([freePort(), freshDataDir()]);
      let service = new Service(await boot({ DATA_DIR: dataDir }, port));
      try {
        const tabs = [await open(service, 0), await open(service, 0)];
        for (const tab of tabs) await live(tab);
        const before = await service.write(3);
        for (const tab of tabs) await delivered(tab, 3);

        await service.booted.close();
        for (const tab of tabs) await inState(tab, 'reconnecting');
        service = Object.assign(new Service(await boot({ DATA_DIR: dataDir }, port)), { written: service.written });
        const after = await service.write(3);

        for (const tab of tabs) expect(await delivered(tab, 6)).toEqual([...before, ...after]);
        for (const tab of tabs) expect(lastState(await live(tab))?.reconnects).toBeGreaterThanOrEqual(1);
      } finally {
        await service.booted.close().catch(() => undefined);
        rmSync(dataDir, { recursive: true, force: true });
      }
    });

    it('waits out a 503 by its Retry-After, says so, and goes live once a slot frees', async () => {
      const service = new Service(await boot({ SSE_MAX_CONNECTIONS: '1' }));
      const holder = new AbortController();
      try {
        const held = await fetch(`${service.url}/events`, { signal: holder.signal });
        expect(held.status).toBe(200);

        const tab = await open(service, 0);
        const refused = await until(tab, 'the tab says why it waits', (record) => lastState(record)?.reason === 'HTTP 503');
        expect(lastState(refused)).toMatchObject({ status: 'reconnecting', reason: 'HTTP 503' });
        expect(lastState(refused)!.retryAt).toBeGreaterThan(Date.now() - 1000);
        holder.abort();

        await live(tab);
        const ids = await service.write(1);
        expect(await delivered(tab, 1)).toEqual(ids);
      } finally {
        holder.abort();
        await service.booted.close();
      }
    });

    it('without a session waits as unauthorized, and goes live for every tab when one restarts it after signing in', async () => {
      const token = await mintToken({ scope: ALL_SCOPES });
      const service = new Service(await boot(JWT_MODE), bearer(token));
      try {
        const tabs = [await open(service, 0), await open(service, 0)];
        for (const tab of tabs) expect(lastState(await inState(tab, 'unauthorized'))).toMatchObject({ reason: 'HTTP 401' });
        const follower = tabs[1]!; // the second tab opened: the lock is the first one's

        const signedIn = await follower.page.evaluate(
          (value) => fetch('/auth/session', { method: 'POST', headers: { authorization: `Bearer ${value}` } }).then((response) => response.status),
          token,
        );
        expect(signedIn).toBe(204);
        await follower.restart(0);

        for (const tab of tabs) await live(tab);
        const ids = await service.write(2);
        for (const tab of tabs) expect(await delivered(tab, 2)).toEqual(ids);
      } finally {
        await service.booted.close();
      }
    });
  }),
);
