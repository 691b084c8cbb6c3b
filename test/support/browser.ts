import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_PATH } from './requirements.js';

// Debian's Chromium, never a browser a package downloads; without the networking flags it calls Google at start.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];
const SCREENSHOTS = fileURLToPath(new URL('../browser/screenshots', import.meta.url));

export const DESKTOP = { width: 1440, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
}

/**
 * A new page on the dashboard, in a context of its own (a browser) or in one shared with other tabs (a context);
 * waits shorter than Jest's own timeout, so that a failing wait says what it waited for.
 */
export async function openDashboard(
  where: Browser | BrowserContext,
  url: string,
  viewport: { readonly width: number; readonly height: number } = DESKTOP,
): Promise<Page> {
  const page = await where.newPage({ viewport });
  page.setDefaultTimeout(10_000);
  await page.goto(url);
  return page;
}

/** Saves a PNG under test/browser/screenshots/ (not committed) and answers its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
