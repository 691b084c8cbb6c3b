import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { launchChromium, openDashboard, saveScreenshot } from '../support/browser.js';
import { freshDataDir } from '../support/data-dir.js';
import { chromiumBrowser, describeWith } from '../support/requirements.js';
import { freePort } from '../support/service-process.js';
import { createUser, listAllUsers } from '../support/users.js';
import { waitUntil } from '../support/wait.js';
import { expectConsecutive, shownEventIds, shownUsers, waitLive } from './dashboard-page.js';

// EventSource's own reconnect after a clean end comes after the retry: the stream's, short here.
const QUICK_RETRY = { SSE_RETRY_MS: '200' } as const;

describeWith([chromiumBrowser], 'the dashboard when the service goes away or refuses', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows reconnecting while the service restarts, then live, with nothing missed or repeated', async () => {
    const dataDir = await freshDataDir();
    const port = await freePort();
    let service: BootedApp | null = await bootApp({ ...QUICK_RETRY, DATA_DIR: dataDir }, port);
    try {
      for (let index = 0; index < 3; index += 1) await createUser(service.url, `before-${index}@example.com`, `Before ${index}`);
      const page = await openDashboard(browser, service.url);
      await waitLive(page);
      await createUser(service.url, 'live@example.com', 'Live');
      await page.locator('#events li', { hasText: 'live@example.com' }).waitFor();

      await service.close();
      service = null;
      await page.locator('#status[data-status="reconnecting"]').waitFor();
      await page.locator('#offline-banner').waitFor({ state: 'visible' });
      expect(await page.locator('#email').isDisabled()).toBe(true);
      await saveScreenshot(page, 'dashboard-reconnecting');

      service = await bootApp({ ...QUICK_RETRY, DATA_DIR: dataDir }, port);
      // Written before the page is back: the resume must bring them, once each.
      for (let index = 0; index < 3; index += 1) await createUser(service.url, `after-${index}@example.com`, `After ${index}`);
      await waitLive(page, 30_000);
      await page.locator('#events li', { hasText: 'after-2@example.com' }).waitFor();

      await page.locator('#offline-banner').waitFor({ state: 'hidden' });
      expect(await page.locator('#email').isDisabled()).toBe(false);
      expect(Number(await page.locator('#reconnects').textContent())).toBeGreaterThanOrEqual(1);
      const ids = await shownEventIds(page);
      expectConsecutive(ids);
      expect(ids[0]).toBe(7); // 3 before the page, 1 live, 3 while it was away
      expect(ids.length).toBeGreaterThanOrEqual(4);
      const everyone = (await listAllUsers(service.url)).map(({ id, name }) => ({ id, name }));
      expect(await shownUsers(page)).toEqual(everyone);
    } finally {
      await service?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);

  it('says the browser is offline, disables the form, and goes live again when it is back', async () => {
    const service = await bootApp(QUICK_RETRY);
    const context = await browser.newContext();
    try {
      const page = await openDashboard(context, service.url);
      await waitLive(page);
      await context.setOffline(true);
      await page.locator('#offline-banner', { hasText: 'You are offline' }).waitFor();
      expect(await page.locator('#status').getAttribute('data-status')).toBe('offline');
      expect(await page.locator('#email').isDisabled()).toBe(true);
      await saveScreenshot(page, 'dashboard-offline');
      await context.setOffline(false);
      await waitLive(page);
      expect(await page.locator('#email').isDisabled()).toBe(false);
      await page.locator('#offline-banner').waitFor({ state: 'hidden' });
    } finally {
      await context.close();
      await service.close();
    }
  }, 60_000);

  it('shows a 503 and comes back by itself once there is room', async () => {
    const service = await bootApp({ SSE_MAX_CONNECTIONS: '1' });
    const holder = new AbortController();
    try {
      const held = await fetch(`${service.url}/events`, { signal: holder.signal });
      expect(held.status).toBe(200);
      const page = await openDashboard(browser, service.url);
      await page.locator('#offline-banner', { hasText: 'HTTP 503' }).waitFor();
      expect(await page.locator('#status').getAttribute('class')).toContain('down');
      expect(await page.locator('#email').isDisabled()).toBe(true);
      await saveScreenshot(page, 'dashboard-503');

      holder.abort(); // the slot frees; the page must come back without a reload
      await waitLive(page, 30_000);
      const user = await createUser(service.url, 'after-503@example.com', 'After 503');
      await page.locator(`#users-body tr[data-id="${user.id}"]`).waitFor();
      await waitUntil(async () => (await shownEventIds(page)).length === 1, 'the one event is shown');
    } finally {
      holder.abort();
      await service.close();
    }
  }, 60_000);
});
