import type { Browser } from 'playwright-core';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { launchChromium, openDashboard as open } from '../support/browser.js';
import { chromiumBrowser, describeWith } from '../support/requirements.js';
import { createUser } from '../support/users.js';

describeWith([chromiumBrowser], 'the dashboard in a browser', () => {
  let browser: Browser;
  let service: BootedApp;

  beforeAll(async () => {
    browser = await launchChromium();
    service = await bootApp();
  });

  const openDashboard = () => open(browser, service.url);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('creates a user from the form and shows its event live', async () => {
    const page = await openDashboard();
    await page.locator('#status.live').waitFor();

    await page.fill('#email', 'Ada@Example.com');
    await page.fill('#name', 'Ada');
    await page.click('#create button[type=submit]');

    await page.locator('#result.ok').waitFor();
    const event = page.locator('#events li').first();
    await event.waitFor();
    expect(await event.textContent()).toContain('user.created');
    expect(await event.textContent()).toContain('ada@example.com');
    await page.locator('#users li', { hasText: 'Ada <ada@example.com>' }).waitFor();
  });

  it('shows an event made by another client, and the reason a request was refused', async () => {
    const page = await openDashboard();
    await page.locator('#status.live').waitFor();

    await createUser(service.url, 'grace@example.com', 'Grace');
    await page.locator('#events li', { hasText: 'grace@example.com' }).waitFor();

    await page.fill('#email', 'grace@example.com');
    await page.fill('#name', 'Grace again');
    await page.click('#create button[type=submit]');
    await page.locator('#result.error', { hasText: 'email is already taken' }).waitFor();
  });
});
