import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { launchChromium, openDashboard } from '../support/browser.js';
import { readMetric } from '../support/metrics.js';
import { chromiumBrowser, describeWith } from '../support/requirements.js';
import { createUser } from '../support/users.js';
import { waitUntil } from '../support/wait.js';
import { expectConsecutive, shownEventIds, waitLive } from './dashboard-page.js';

const roleOf = async (page: Page): Promise<string | null> => page.locator('#role').textContent();

describeWith([chromiumBrowser], 'the dashboard in three tabs of one browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let service: BootedApp;

  beforeAll(async () => {
    [browser, service] = await Promise.all([launchChromium(), bootApp({ SSE_RETRY_MS: '200' })]);
    context = await browser.newContext(); // one context: its pages are tabs that share Web Locks and BroadcastChannel
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await service?.close();
  });

  const createUsers = async (prefix: string, count: number): Promise<void> => {
    for (let index = 0; index < count; index += 1) await createUser(service.url, `${prefix}-${index}@example.com`, `${prefix} ${index}`);
  };
  const sameIds = async (tabs: readonly Page[], count: number): Promise<number[]> => {
    let seen: number[][] = [];
    await waitUntil(
      async () => {
        seen = await Promise.all(tabs.map((tab) => shownEventIds(tab)));
        return seen.every((ids) => ids.length === count && JSON.stringify(ids) === JSON.stringify(seen[0]));
      },
      `every tab shows the same ${count} events`,
      15_000,
      100,
    ).catch(() => undefined);
    for (const ids of seen) expect(ids).toEqual(seen[0]);
    expect(seen[0]).toHaveLength(count);
    expectConsecutive(seen[0]!);
    return seen[0]!;
  };

  it('holds one stream for all three, shows the same ids in each, and another tab takes over when the leader closes', async () => {
    const tabs = [];
    for (let index = 0; index < 3; index += 1) tabs.push(await openDashboard(context, service.url));
    for (const tab of tabs) await waitLive(tab);
    await waitUntil(async () => (await readMetric(service.url, 'sse_connections')) === 1, 'the service holds one stream', 10_000, 100);

    await createUsers('shared', 5);
    await sameIds(tabs, 5);
    const roles = await Promise.all(tabs.map(roleOf));
    expect(roles.filter((role) => role === 'leader')).toHaveLength(1);
    expect(roles.filter((role) => role === 'follower')).toHaveLength(2);

    const leader = tabs[roles.indexOf('leader')]!;
    const others = tabs.filter((tab) => tab !== leader);
    const closing = leader.close();
    await createUsers('handover', 5); // written while the lead passes to another tab
    await closing;
    await waitUntil(async () => (await Promise.all(others.map(roleOf))).includes('leader'), 'another tab leads', 15_000, 100);
    for (const tab of others) await waitLive(tab);
    await createUsers('after', 2);
    const ids = await sameIds(others, 12);
    expect(ids[0]).toBe(12);
    await waitUntil(async () => (await readMetric(service.url, 'sse_connections')) === 1, 'the service holds one stream again', 10_000, 100);
    expect((await Promise.all(others.map(roleOf))).sort()).toEqual(['follower', 'leader']);
  }, 90_000);
});
