import type { BrowserContext, Page } from 'playwright-core';

/** What a tab's page collected from its shared stream, as plain data. */
export interface TabRecord {
  readonly ids: number[];
  readonly types: string[];
  readonly states: { status: string; role: string; reason: string | null; retryAt: number | null; reconnects: number }[];
  readonly resets: { lastEventId: string; resumeFrom: number }[];
}

/** One browser tab running Herald's client: opened on a page of the service's origin, the client injected. */
export interface StreamTab {
  readonly page: Page;
  record(): Promise<TabRecord>;
  restart(after: number): Promise<void>;
  /** SharedStream.close(): the tab stays open. */
  closeStream(): Promise<void>;
  /** Closes the tab itself, as a user would. */
  close(): Promise<void>;
}

interface TabGlobals {
  Herald: { openSharedStream(options: object): { restart(after: number): void; close(): void } };
  heraldTab: TabRecord & { stream: { restart(after: number): void; close(): void } };
}

export interface TabOptions {
  /** Hides navigator.locks, as a browser without Web Locks (or a page that is not a secure context) would. */
  readonly withoutWebLocks?: boolean;
}

/** Opens a tab whose stream delivers ids after `after` and records what it delivers, its states and its resets. */
export async function openStreamTab(context: BrowserContext, origin: string, bundle: string, after: number, options: TabOptions = {}): Promise<StreamTab> {
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(`${origin}/health/live`);
  if (options.withoutWebLocks) await page.evaluate(() => Object.defineProperty((globalThis as unknown as { navigator: object }).navigator, 'locks', { value: undefined }));
  await page.addScriptTag({ content: bundle });
  await page.evaluate((start) => {
    const tab = globalThis as unknown as TabGlobals;
    const record: TabRecord = { ids: [], types: [], states: [], resets: [] };
    const stream = tab.Herald.openSharedStream({
      after: start,
      onEvent: (event: { id: number; type: string }) => {
        record.ids.push(event.id);
        record.types.push(event.type);
      },
      onState: (state: TabRecord['states'][number]) => record.states.push(state),
      onReset: (reset: TabRecord['resets'][number]) => record.resets.push(reset),
    });
    tab.heraldTab = Object.assign(record, { stream });
  }, after);
  return {
    page,
    record: () =>
      page.evaluate(() => {
        const { ids, types, states, resets } = (globalThis as unknown as TabGlobals).heraldTab;
        return { ids, types, states, resets };
      }),
    restart: (position) => page.evaluate((value) => (globalThis as unknown as TabGlobals).heraldTab.stream.restart(value), position),
    closeStream: () => page.evaluate(() => (globalThis as unknown as TabGlobals).heraldTab.stream.close()),
    close: () => page.close(),
  };
}
