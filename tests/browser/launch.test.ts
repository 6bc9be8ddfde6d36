/**
 * The browser cookie-audit launches bounds each page's JavaScript heap (src/browser/launch.ts): a page that
 * allocates without end is ended by its renderer within PAGE_HEAP_MB, not after ~4 GB in each of a site's
 * three phases. Read where a page sees it: performance.memory's heap limit, in a context like a phase's.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findBrowser } from '../../src/browser/find.js';
import { launchBrowser, PAGE_HEAP_MB, type LaunchedBrowser } from '../../src/browser/launch.js';

let launched: LaunchedBrowser;
beforeAll(async () => {
  launched = await launchBrowser({ executablePath: findBrowser().executablePath });
}, 120_000);
afterAll(() => launched?.close());

it(`gives a page's scripts a heap of about ${PAGE_HEAP_MB} MB, not Chromium's default of ~4 GB`, async () => {
  const context = await launched.browser.newContext();
  try {
    const page = await context.newPage();
    await page.setContent('<p>shop</p>');
    const limitMb = await page.evaluate(() => (performance as unknown as { memory: { jsHeapSizeLimit: number } }).memory.jsHeapSizeLimit / 2 ** 20);
    // The limit V8 reports adds the young generation's room to the old one's.
    expect(limitMb).toBeGreaterThanOrEqual(PAGE_HEAP_MB);
    expect(limitMb).toBeLessThan(PAGE_HEAP_MB * 1.25);
  } finally {
    await context.close();
  }
}, 120_000);
