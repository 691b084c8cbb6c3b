import type { Browser, BrowserContext } from 'playwright-core';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { launchChromium } from '../support/browser.js';
import { bundleHeraldClient } from '../support/client-bundle.js';
import { chromiumBrowser, describeWith } from '../support/requirements.js';
import { openStreamTab, type StreamTab, type TabRecord } from '../support/stream-tabs.js';
import { createUser } from '../support/users.js';
import { waitUntil } from '../support/wait.js';

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describeWith([chromiumBrowser], "Herald's browser client", () => {
  let browser: Browser;
  let bundle: string;
  let service: BootedApp;
  let context: BrowserContext;

  beforeAll(async () => {
    [browser, bundle] = await Promise.all([launchChromium(), bundleHeraldClient()]);
  });

  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    service = await bootApp({ SSE_RETRY_MS: '100' });
    // One context: its pages are the tabs of one origin, which share locks and BroadcastChannel.
    context = await browser.newContext({ bypassCSP: true });
  });

  afterEach(async () => {
    await context?.close();
    await service?.close();
  });

  const open = (after: number): Promise<StreamTab> => openStreamTab(context, service.url, bundle, after);
  const createUsers = async (from: number, to: number): Promise<void> => {
    for (const n of range(from, to)) await createUser(service.url, `u${n}@example.com`, `U${n}`);
  };
  const until = async (tab: StreamTab, what: string, condition: (record: TabRecord) => boolean, timeoutMs = 10_000): Promise<TabRecord> => {
    let record = await tab.record();
    await waitUntil(async () => condition((record = await tab.record())), what, timeoutMs, 50);
    return record;
  };
  const live = (tab: StreamTab) => until(tab, 'the tab is live', (record) => record.states.at(-1)?.status === 'live');

  it('delivers the events after its position, in order, once each', async () => {
    await createUsers(1, 3);
    const tab = await open(1);
    await live(tab);
    await createUsers(4, 6);

    const record = await until(tab, 'events 2..6 arrived', ({ ids }) => ids.length >= 5);
    expect(record.ids).toEqual(range(2, 6));
    expect(record.types.every((type) => type === 'user.created')).toBe(true);
  });

  it('asks the application to reload when the log cannot continue from its position, then goes on', async () => {
    await createUsers(1, 2);
    const tab = await open(50);

    const { resets } = await until(tab, 'a reset arrived', (record) => record.resets.length > 0);
    expect(resets).toEqual([{ lastEventId: '50', resumeFrom: 2 }]);
    await tab.restart(2);
    await createUsers(3, 3);
    expect((await until(tab, 'event 3 arrived', ({ ids }) => ids.length > 0)).ids).toEqual([3]);
  });
});
