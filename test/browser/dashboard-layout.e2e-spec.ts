import type { Browser } from 'playwright-core';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { DESKTOP, launchChromium, openDashboard, PHONE, saveScreenshot } from '../support/browser.js';
import { chromiumBrowser, describeWith } from '../support/requirements.js';
import { createUser, deleteUser, renameUser } from '../support/users.js';
import { waitUntil } from '../support/wait.js';
import { scrollWidth, shownEventIds, waitLive } from './dashboard-page.js';

const PEOPLE = [
  ['ada.lovelace@example.com', 'Ada Lovelace'],
  ['grace.hopper@example.com', 'Grace Hopper'],
  ['alan.turing@example.com', 'Alan Turing'],
  ['katherine.johnson@example.com', 'Katherine Johnson'],
  ['edsger.dijkstra@example.com', 'Edsger Dijkstra'],
  ['barbara.liskov@example.com', 'Barbara Liskov'],
] as const;

// An address and a name with no room to break in them: they must wrap, not push the page sideways.
const LONG_EMAIL = 'a-very-long-address-that-could-push-a-phone-sideways@subdomain.example.com';

describeWith([chromiumBrowser], 'the dashboard at a desktop width and at a phone width', () => {
  let browser: Browser;
  let service: BootedApp;

  beforeAll(async () => {
    [browser, service] = await Promise.all([launchChromium(), bootApp()]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  /** A page with users and a few events of each type on it, live. */
  const populated = async (viewport: typeof DESKTOP | typeof PHONE) => {
    const page = await openDashboard(browser, service.url, viewport);
    await waitLive(page);
    return page;
  };

  it('has users and events to show', async () => {
    const users = [];
    for (const [email, name] of PEOPLE) users.push(await createUser(service.url, email, name));
    await renameUser(service.url, users[2]!.id, 'Alan M. Turing');
    await deleteUser(service.url, users[4]!.id);
  });

  it('fits 1440 px in two columns', async () => {
    const page = await populated(DESKTOP);
    for (const [email, name] of [['ann@example.com', 'Ann'], ['joan.clarke@example.com', 'Joan Clarke']] as const) await createUser(service.url, email, name);
    const ann = (await page.waitForSelector('#users-body tr .name >> text=Ann')).evaluate((element) => element.closest('tr')?.getAttribute('data-id') ?? '');
    await renameUser(service.url, await ann, 'Annie');
    await page.locator('#events li', { hasText: 'Ann → Annie' }).waitFor();
    await waitUntil(async () => (await shownEventIds(page)).length >= 3, 'the live events are shown');
    expect(await scrollWidth(page)).toBeLessThanOrEqual(DESKTOP.width);
    const [users, events] = await Promise.all([page.locator('#users-table').boundingBox(), page.locator('.events-card').boundingBox()]);
    expect(users!.x + users!.width).toBeLessThan(events!.x); // side by side
    await saveScreenshot(page, 'dashboard-desktop');
    await page.emulateMedia({ colorScheme: 'dark' });
    await saveScreenshot(page, 'dashboard-desktop-dark');
    await page.close();
  });

  it('fits 390 px with no horizontal scroll, the table as stacked rows', async () => {
    const page = await populated(PHONE);
    await createUser(service.url, LONG_EMAIL, 'Someone with a name long enough to wrap twice');
    await page.locator('#events li', { hasText: LONG_EMAIL }).waitFor();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    expect(await page.locator('#users-table thead').isVisible()).toBe(false);

    await page.locator('#users-body tr').first().getByRole('button', { name: /^Rename/ }).click();
    expect(await scrollWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await saveScreenshot(page, 'dashboard-phone');
    await page.screenshot({ path: (await saveScreenshot(page, 'dashboard-phone')).replace(/\.png$/, '-full.png'), fullPage: true });
    await page.close();
  });
});
