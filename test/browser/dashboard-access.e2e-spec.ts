import type { Browser } from 'playwright-core';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { launchChromium, openDashboard } from '../support/browser.js';
import { chromiumBrowser, describeWith } from '../support/requirements.js';
import { ALL_SCOPES, JWT_MODE, mintToken } from '../support/tokens.js';

describeWith([chromiumBrowser], 'the dashboard where access is controlled or the service refuses', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  describe('with AUTH_MODE=jwt', () => {
    let service: BootedApp;

    beforeAll(async () => {
      service = await bootApp(JWT_MODE);
    }, 60_000);

    afterAll(async () => {
      await service?.close();
    });

    it('asks for a token, exchanges it for the session cookie, then streams and writes', async () => {
      const page = await openDashboard(browser, service.url);
      await page.locator('#access').waitFor({ state: 'visible' });
      await page.locator('#users .note', { hasText: 'Not signed in' }).waitFor();

      await page.fill('#token', 'not-a-token');
      await page.click('#sign-in button[type=submit]');
      await page.locator('#access-result.error', { hasText: 'Not signed in or the token has expired' }).waitFor();

      await page.fill('#token', await mintToken({ scope: ALL_SCOPES }));
      await page.click('#sign-in button[type=submit]');
      await page.locator('#access').waitFor({ state: 'hidden' });
      await page.locator('#status.live').waitFor();
      const cookies = await page.context().cookies();
      expect(cookies.map(({ name, httpOnly, sameSite }) => ({ name, httpOnly, sameSite }))).toEqual([
        { name: 'herald_session', httpOnly: true, sameSite: 'Strict' },
      ]);

      await page.fill('#email', 'token@example.com');
      await page.fill('#name', 'Token');
      await page.click('#create button[type=submit]');
      await page.locator('#result.ok').waitFor();
      await page.locator('#events li', { hasText: 'token@example.com' }).waitFor();
    });

    it('says so in words when the token lacks a scope', async () => {
      const page = await openDashboard(browser, service.url);
      await page.fill('#token', await mintToken({ scope: 'users:read events:read' }));
      await page.click('#sign-in button[type=submit]');
      await page.locator('#status.live').waitFor();
      await page.fill('#email', 'nope@example.com');
      await page.fill('#name', 'Nope');
      await page.click('#create button[type=submit]');
      await page.locator('#result.error', { hasText: 'Your token does not allow this' }).waitFor();
    });
  });
});
