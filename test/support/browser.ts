import { type Browser, chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './requirements.js';

// Debian's Chromium, never a browser a package downloads; without the networking flags it calls Google at start.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
}

/** A new page on the dashboard; waits shorter than Jest's own timeout, so that a failing wait says what it waited for. */
export async function openDashboard(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(url);
  return page;
}
