import { rmSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { type BootedApp, bootApp, type Settings } from '../support/boot-app.js';
import { launchChromium } from '../support/browser.js';
import { bundleHeraldClient } from '../support/client-bundle.js';
import { freshDataDir } from '../support/data-dir.js';
import { readMetric } from '../support/metrics.js';
import { chromiumBrowser, describeWith } from '../support/requirements.js';
import { freePort } from '../support/service-process.js';
import { openStreamTab, type StreamTab, type TabRecord } from '../support/stream-tabs.js';
import { createUser } from '../support/users.js';
import { waitUntil } from '../support/wait.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const lastState = (record: TabRecord) => record.states.at(-1);

describeWith([chromiumBrowser], "Herald's browser client, one stream shared by the tabs", () => {
  let browser: Browser;
  let bundle: string;
  let service: BootedApp | null = null;
  let context: BrowserContext;

  beforeAll(async () => {
    [browser, bundle] = await Promise.all([launchChromium(), bundleHeraldClient()]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  // SSE_RETRY_MS short, so that EventSource's own reconnect after a drop comes quickly.
  const boot = async (settings: Settings = {}, port = 0): Promise<BootedApp> => (service = await bootApp({ SSE_RETRY_MS: '100', ...settings }, port));

  beforeEach(async () => {
    // One context: its pages are tabs of one origin, which share Web Locks and BroadcastChannel.
    context = await browser.newContext({ bypassCSP: true });
  });

  afterEach(async () => {
    await context?.close();
    await service?.close();
    service = null;
  });

  const url = (): string => service!.url;
  const open = (after: number): Promise<StreamTab> => openStreamTab(context, url(), bundle, after);
  const createUsers = async (from: number, to: number): Promise<void> => {
    for (const n of range(from, to)) await createUser(url(), `u${n}@example.com`, `U${n}`);
  };
  const until = async (tab: StreamTab, what: string, condition: (record: TabRecord) => boolean, timeoutMs = 10_000): Promise<TabRecord> => {
    let record = await tab.record();
    await waitUntil(async () => condition((record = await tab.record())), what, timeoutMs, 50);
    return record;
  };
  const live = (tab: StreamTab) => until(tab, 'the tab is live', (record) => lastState(record)?.status === 'live');
  const received = (tab: StreamTab, ids: number[]) => until(tab, `ids up to ${ids.at(-1)} arrived`, (record) => record.ids.length >= ids.length);
  const leaderOf = async (tabs: StreamTab[]): Promise<StreamTab> => {
    const roles = await Promise.all(tabs.map(async (tab) => lastState(await tab.record())?.role));
    expect(roles.filter((role) => role === 'leader')).toHaveLength(1);
    return tabs[roles.indexOf('leader')]!;
  };

  it('three tabs hold one connection and all deliver the same events, in order, once each', async () => {
    await boot();
    await createUsers(1, 2);
    const tabs = [await open(2), await open(2), await open(2)];
    for (const tab of tabs) await live(tab);
    await createUsers(3, 12);

    for (const tab of tabs) expect((await received(tab, range(3, 12))).ids).toEqual(range(3, 12));
    expect(await readMetric(url(), 'sse_connections')).toBe(1);
    await leaderOf(tabs);
    const follower = (await Promise.all(tabs.map((tab) => tab.record()))).find((record) => lastState(record)?.role === 'follower');
    expect(lastState(follower!)).toMatchObject({ status: 'live', role: 'follower', reason: null });
  });

  it('when the leader tab closes while events are written, another takes over with no gap and no duplicate', async () => {
    await boot();
    const tabs = [await open(0), await open(0), await open(0)];
    for (const tab of tabs) await live(tab);
    await createUsers(1, 5);
    for (const tab of tabs) await received(tab, range(1, 5));

    const leader = await leaderOf(tabs);
    const writing = createUsers(6, 30);
    await until(leader, 'the writes started', (record) => record.ids.length >= 8);
    await leader.close();
    await writing;

    const rest = tabs.filter((tab) => tab !== leader);
    for (const tab of rest) expect((await received(tab, range(1, 30))).ids).toEqual(range(1, 30));
    await leaderOf(rest);
    await waitUntil(async () => (await readMetric(url(), 'sse_connections')) === 1, 'one connection is left', 5000);
  });

  it('a tab that opens behind the leader catches up from it, then follows live', async () => {
    await boot();
    const leader = await open(0);
    await live(leader);
    await createUsers(1, 10);
    await received(leader, range(1, 10));

    const behind = await open(4);
    await received(behind, range(5, 10));
    await createUsers(11, 12);
    expect((await received(behind, range(5, 12))).ids).toEqual(range(5, 12));
    expect(lastState(await behind.record())).toMatchObject({ role: 'follower', status: 'live' });
  });

  it('rides out a restart of the service: reconnecting, then live, nothing missed or repeated', async () => {
    const [port, dataDir] = await Promise.all([freePort(), freshDataDir()]);
    try {
      await boot({ DATA_DIR: dataDir }, port);
      const tabs = [await open(0), await open(0)];
      for (const tab of tabs) await live(tab);
      await createUsers(1, 3);
      for (const tab of tabs) await received(tab, range(1, 3));

      await service!.close();
      for (const tab of tabs) await until(tab, 'the tab is reconnecting', (record) => lastState(record)?.status === 'reconnecting');
      await boot({ DATA_DIR: dataDir }, port);
      await createUsers(4, 6);

      for (const tab of tabs) expect((await received(tab, range(1, 6))).ids).toEqual(range(1, 6));
      for (const tab of tabs) expect(lastState(await live(tab))?.reconnects).toBeGreaterThanOrEqual(1);
    } finally {
      await service?.close();
      service = null;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('waits out a 503 by its Retry-After, says so, and goes live once a slot frees', async () => {
    await boot({ SSE_MAX_CONNECTIONS: '1' });
    const holder = new AbortController();
    const held = await fetch(`${url()}/events`, { signal: holder.signal });
    expect(held.status).toBe(200);

    const tab = await open(0);
    const refused = await until(tab, 'the tab says why it waits', (record) => lastState(record)?.reason === 'HTTP 503');
    expect(lastState(refused)).toMatchObject({ status: 'reconnecting', reason: 'HTTP 503' });
    expect(lastState(refused)!.retryAt).toBeGreaterThan(Date.now() - 1000);
    holder.abort();

    await live(tab);
    await createUsers(1, 1);
    expect((await received(tab, [1])).ids).toEqual([1]);
  });

  it('asks the application to reload when the log cannot continue from its position, then goes on', async () => {
    await boot();
    await createUsers(1, 2);
    const tab = await open(50);

    const { resets } = await until(tab, 'a reset arrived', (record) => record.resets.length > 0);
    expect(resets).toEqual([{ lastEventId: '50', resumeFrom: 2 }]);
    await tab.restart(2);
    await createUsers(3, 3);
    expect((await until(tab, 'event 3 arrived', ({ ids }) => ids.length > 0)).ids).toEqual([3]);
  });
});
