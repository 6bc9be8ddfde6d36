/**
 * The banner scan a document keeps after its first (src/consent/heuristic/find.ts: later scans call it rather
 * than sending its text again): every scan of a document reads what the document shows now, a new document is
 * read by its own scan, and a page cannot put another function in the place of the one it keeps. Real
 * Chromium, pages of our own.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/browser/find.js';
import { launchBrowser, type LaunchedBrowser } from '../../src/browser/launch.js';
import { findBanner, release, scanPage } from '../../src/consent/heuristic/find.js';

const banner = (text: string, extra = '') =>
  `data:text/html,${encodeURIComponent(`<!doctype html><html lang="en"><title>Shop</title><h1>Rope &amp; Sail</h1><p>Chandlery.</p>
<div role="dialog" id="b" style="position:fixed;left:1rem;right:1rem;bottom:1rem;background:#fff;border:1px solid #333;padding:1rem">
  <p>${text} <a href="/cookies">Cookie policy</a></p>
  <button type="button">Reject all</button> <button type="button">Accept all</button>
</div>${extra}`)}`;

let launched: LaunchedBrowser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  launched = await launchBrowser({ executablePath: findBrowser().executablePath });
  context = await launched.browser.newContext();
  page = await context.newPage();
}, 30_000);

afterAll(async () => {
  await context?.close();
  await launched?.close();
});

async function bannerText(): Promise<string | undefined> {
  const found = await findBanner(page);
  release(found);
  return found?.read.text;
}

describe('the scan a document keeps', () => {
  it('reads what the document shows at each scan', async () => {
    await page.goto(banner('We use cookies to measure visits, with your consent.'));
    expect(await bannerText()).toContain('measure visits');
    await page.evaluate(() => {
      document.querySelector('#b p')!.firstChild!.textContent = 'We use cookies for advertising, with your consent. ';
    });
    expect(await bannerText()).toContain('advertising');
    await page.evaluate(() => document.getElementById('b')!.remove());
    expect(await bannerText()).toBeUndefined();
  });

  it('reads a new document with a scan of its own', async () => {
    await page.goto(banner('Wir verwenden Cookies, um Besuche zu messen, mit Ihrer Einwilligung.'));
    expect(await bannerText()).toContain('Besuche');
  });

  it('cannot be replaced by the page', async () => {
    await page.goto(banner('We use cookies to remember your basket and, with your consent, to measure visits.'));
    expect(await bannerText()).toContain('basket');
    // A page that finds what the scan left on its window and tries every way to put a blind scan there.
    const replaced = await page.evaluate(() => {
      const blind = () => ({ banner: null, activity: null });
      const names = Object.getOwnPropertyNames(window).filter((name) => name.startsWith('__cookieAudit'));
      for (const name of names) {
        const w = window as unknown as Record<string, unknown>;
        try { w[name] = blind; } catch { /* not writable */ }
        try { delete w[name]; } catch { /* not configurable */ }
        try { Object.defineProperty(window, name, { value: blind }); } catch { /* not configurable */ }
      }
      return names.length;
    });
    expect(replaced).toBeGreaterThan(0);
    expect(await bannerText()).toContain('basket');
  });

  it('read after idle, reads the page once it has run what it queued', async () => {
    await page.goto('data:text/html,<!doctype html><title>Shop</title><h1>Rope</h1>');
    // The page keeps its main thread busy with a chain of messages to itself for 150 ms (no timer the watch
    // could count), and only then draws its banner: the look's first read after a gesture is such a read.
    await page.evaluate(() => {
      const channel = new MessageChannel();
      const until = performance.now() + 150;
      channel.port1.onmessage = () => {
        if (performance.now() < until) {
          channel.port2.postMessage(0);
          return;
        }
        const box = document.createElement('div');
        box.setAttribute('role', 'dialog');
        box.style.cssText = 'position:fixed;left:1rem;right:1rem;bottom:1rem;background:#fff;border:1px solid #333;padding:1rem';
        box.innerHTML = '<p>We use cookies to measure visits, with your consent. <a href="/cookies">Cookie policy</a></p><button type="button">Reject all</button> <button type="button">Accept all</button>';
        document.body.append(box);
      };
      channel.port2.postMessage(0);
    });
    const scan = await scanPage(page, 'first', 0, true);
    release(scan.found);
    expect(scan.answered).toBe(true);
    expect(scan.found?.read.text).toContain('measure visits');
  });
});
