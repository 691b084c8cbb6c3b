import type { Browser } from 'playwright-core';
import { type BootedApp, bootApp } from '../support/boot-app.js';
import { launchChromium, openDashboard as open } from '../support/browser.js';
import { chromiumBrowser, describeWith } from '../support/requirements.js';
import { STREAM_WRITERS, writtenBy } from '../support/stream-writers.js';
import { createUser, deleteUser, listAllUsers, renameUser, type User } from '../support/users.js';
import { waitUntil } from '../support/wait.js';
import { expectConsecutive, focusedId, row, shownEventIds, shownUsers, waitLive } from './dashboard-page.js';

// Both stream writers (SSE_WRITER): what the page shows comes from the stream, so the page holds each to the contract.
describe.each(STREAM_WRITERS)('(SSE_WRITER=%s)', (writer) =>
  describeWith([chromiumBrowser], 'the dashboard in a browser', () => {
    let browser: Browser;
    let service: BootedApp;

    beforeAll(async () => {
      browser = await launchChromium();
      service = await bootApp(writtenBy(writer));
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await service?.close();
    });

    const openDashboard = () => open(browser, service.url);

    it('loads history while a writer runs and shows exactly what the service holds afterwards: no seam', async () => {
      for (let index = 0; index < 30; index += 1) await createUser(service.url, `history-${index}@example.com`, `History ${index}`);
      let writing = true;
      let operations = 0;
      const writer = (async () => {
        const mine: User[] = [];
        for (let index = 0; writing; index += 1) {
          mine.push(await createUser(service.url, `writer-${index}@example.com`, `Writer ${index}`));
          if (index % 3 === 2) await renameUser(service.url, mine[index - 1]!.id, `Writer ${index - 1} renamed`);
          if (index % 5 === 4) await deleteUser(service.url, mine[index - 2]!.id);
          operations += 1;
        }
      })();
      const page = await openDashboard();
      try {
        await waitLive(page);
        await waitUntil(() => operations >= 20, 'the writer has written more while the page is live', 10_000);
      } finally {
        writing = false;
        await writer;
      }

      const everyone = await listAllUsers(service.url);
      const expected = async () => {
        const shown = await shownUsers(page);
        const oldest = everyone.findIndex((user) => user.id === shown.at(-1)?.id);
        return { shown, expected: everyone.slice(0, oldest + 1).map(({ id, name }) => ({ id, name })) };
      };
      await waitUntil(async () => {
        const { shown, expected: wanted } = await expected();
        return JSON.stringify(shown) === JSON.stringify(wanted);
      }, 'the table equals GET /users down to its oldest row', 10_000).catch(() => undefined);
      const { shown, expected: wanted } = await expected();
      expect(shown).toEqual(wanted);
      expect(shown.length).toBeGreaterThanOrEqual(20);
      expect(new Set(shown.map((user) => user.id)).size).toBe(shown.length);

      const ids = await shownEventIds(page);
      expectConsecutive(ids);
      expect(await page.locator('#last-id').textContent()).toBe(`#${ids[0]}`);
      await page.close();
    }, 60_000);

    it('pages with "Load more" until every user is shown, in the order GET /users gives', async () => {
      const page = await openDashboard();
      await waitLive(page);
      await page.locator('#users-count', { hasText: /^\d+ shown — more$/ }).waitFor();
      for (let clicks = 0; (await page.locator('#load-more').isVisible()) && clicks < 20; clicks += 1) {
        await page.click('#load-more');
        await page.locator('#load-more', { hasText: 'Load more' }).or(page.locator('#load-more[hidden]')).waitFor({ state: 'attached' });
      }
      const everyone = (await listAllUsers(service.url)).map(({ id, name }) => ({ id, name }));
      expect(await shownUsers(page)).toEqual(everyone);
      expect(await page.locator('#users-count').textContent()).toBe(`${everyone.length} users`);
      await page.close();
    });

    it('creates, renames and deletes a user through the page, each change shown from its event', async () => {
      const page = await openDashboard();
      await waitLive(page);

      await page.fill('#email', 'Ann@Example.com');
      await page.fill('#name', 'Ann');
      await page.click('#create button[type=submit]');
      await page.locator('#result.ok', { hasText: 'Created Ann' }).waitFor();
      await page.locator('#events li[data-type="user.created"]', { hasText: 'ann@example.com' }).waitFor();
      const ann = (await listAllUsers(service.url)).find((user) => user.email === 'ann@example.com')!;
      await row(page, ann.id).locator('.name', { hasText: 'Ann' }).waitFor();

      await row(page, ann.id).getByRole('button', { name: 'Rename Ann' }).click();
      const input = page.locator(`#rename-${ann.id}`);
      expect(await focusedId(page)).toBe(`rename-${ann.id}`);
      await input.fill('Nobody');
      await input.press('Escape');
      await waitUntil(async () => (await input.count()) === 0, 'Escape closes the editor');
      expect(await row(page, ann.id).locator('.name').textContent()).toBe('Ann');

      await row(page, ann.id).getByRole('button', { name: 'Rename Ann' }).click();
      await input.fill('Annie');
      await input.press('Enter');
      await page.locator('#events li[data-type="user.renamed"]', { hasText: 'Ann → Annie' }).waitFor();
      await row(page, ann.id).locator('.name', { hasText: 'Annie' }).waitFor();
      expect(await input.count()).toBe(0);

      await row(page, ann.id).getByRole('button', { name: 'Delete Annie' }).click();
      await row(page, ann.id).getByText('Delete Annie?').waitFor();
      await row(page, ann.id).locator('button.confirm-delete').click();
      await page.locator('#events li[data-type="user.deleted"]', { hasText: ann.id }).waitFor();
      await row(page, ann.id).waitFor({ state: 'detached' });
      expect((await listAllUsers(service.url)).some((user) => user.id === ann.id)).toBe(false);
      await page.close();
    });

    it('puts each refusal next to its field, marked aria-invalid, and a conflict on the email', async () => {
      await createUser(service.url, 'taken@example.com', 'Taken');
      const page = await openDashboard();
      await waitLive(page);

      await page.fill('#email', 'not-an-email');
      await page.fill('#name', '   ');
      await page.click('#create button[type=submit]');
      await page.locator('#email[aria-invalid="true"]').waitFor();
      await page.locator('#name[aria-invalid="true"]').waitFor();
      expect(await page.locator('#email-error').textContent()).toContain('email must be');
      expect(await page.locator('#name-error').textContent()).toMatch(/^name /);
      expect(await focusedId(page)).toBe('email');

      await page.fill('#email', 'Taken@example.com');
      await page.fill('#name', 'Again');
      await page.click('#create button[type=submit]');
      await page.locator('#email-error', { hasText: 'email is already taken' }).waitFor();
      expect(await page.locator('#name').getAttribute('aria-invalid')).toBeNull();
      await page.close();
    });

    it('filters what it shows; an event of a hidden type that arrives meanwhile shows when it is shown again', async () => {
      const page = await openDashboard();
      await waitLive(page);
      const before = await createUser(service.url, 'before-filter@example.com', 'Before');
      await page.locator('#events li[data-type="user.created"]', { hasText: before.id }).waitFor();

      await page.locator('#filters input[value="user.created"]').uncheck();
      expect(await page.locator('#events li[data-type="user.created"]').count()).toBe(0);
      expect(new URL(page.url()).searchParams.get('hide')).toBe('user.created');
      const during = await createUser(service.url, 'during-filter@example.com', 'During');
      await renameUser(service.url, during.id, 'During renamed');
      await page.locator('#events li[data-type="user.renamed"]', { hasText: 'During → During renamed' }).waitFor();
      await row(page, during.id).waitFor(); // the table is not filtered
      expect(await page.locator('#events li[data-type="user.created"]').count()).toBe(0);

      await page.locator('#filters input[value="user.created"]').check();
      await page.locator('#events li[data-type="user.created"]', { hasText: during.id }).waitFor();
      expectConsecutive(await shownEventIds(page));

      await page.locator('#filters input[value="user.created"]').uncheck();
      await page.reload();
      await waitLive(page);
      expect(await page.locator('#filters input[value="user.created"]').isChecked()).toBe(false);
      await page.close();
    });

    it('says so when there are no users and no events yet', async () => {
      const empty = await bootApp(writtenBy(writer));
      try {
        const page = await open(browser, empty.url);
        await waitLive(page);
        await page.locator('#users-empty', { hasText: 'No users yet' }).waitFor();
        await page.locator('#events-empty', { hasText: 'No events yet' }).waitFor();
        await createUser(empty.url, 'first@example.com', 'First');
        await page.locator('#users-empty').waitFor({ state: 'hidden' });
        await page.locator('#events-empty').waitFor({ state: 'hidden' });
        await page.close();
      } finally {
        await empty.close();
      }
    });
  }),
);
