import type { Page } from 'playwright-core';

/** What the dashboard shows, read from the page the way a person reads it. */
export interface ShownRow {
  readonly id: string;
  readonly name: string;
}

export const waitLive = (page: Page, timeout = 20_000) => page.locator('#status.live').waitFor({ timeout });

/** The users table, top to bottom. */
export function shownUsers(page: Page): Promise<ShownRow[]> {
  return page.$$eval('#users-body tr', (rows) =>
    rows.map((row) => ({ id: row.getAttribute('data-id') ?? '', name: row.querySelector('.name')?.textContent ?? '' })),
  );
}

/** The ids of the events the list shows, newest first. */
export function shownEventIds(page: Page): Promise<number[]> {
  return page.$$eval('#events li', (items) => items.map((item) => Number(item.getAttribute('data-id'))));
}

/** Fails unless the ids go down by one each step: no gap, no duplicate, no reordering. */
export function expectConsecutive(ids: readonly number[]): void {
  const expected = ids.map((_, index) => ids[0]! - index);
  expect(ids).toEqual(expected);
}

/** The page's horizontal extent: more than the viewport's width means it scrolls sideways. */
export const scrollWidth = (page: Page): Promise<number> => page.evaluate<number>('document.documentElement.scrollWidth');

/** The id of the element that has the focus ('' for none). Strings: the test's own TypeScript has no DOM types. */
export const focusedId = (page: Page): Promise<string> => page.evaluate<string>('document.activeElement?.id ?? ""');

export const row = (page: Page, id: string) => page.locator(`#users-body tr[data-id="${id}"]`);
