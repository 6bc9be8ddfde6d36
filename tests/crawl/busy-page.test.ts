/**
 * Reading a page whose main thread is held (a long task of its own, or a machine with every core saturated):
 * a read the page has not answered yet is not "no banner" nor "nothing stored", and a banner shown from the
 * start did not "appear after" a gesture made while the page could not be read. A frame that never answers
 * is named, not passed over. In real Chromium, on pages of our own.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { captureStorage, FRAME_READ_TIMEOUT_MS, PATIENT_READ_MS } from '../../src/evidence/capture.js';
import { findBanner, release } from '../../src/consent/heuristic/find.js';
import { lookForBanner } from '../../src/consent/look.js';
import { watchPages } from '../../src/consent/watch.js';
import { browserOnFixtures } from './browser-on-fixtures.js';

/** Longer than FRAME_READ_TIMEOUT_MS by more than a busy machine's delay between starting the hold and the read. */
const HOLD_MS = FRAME_READ_TIMEOUT_MS + 3000;

const env = browserOnFixtures(() => {
  const sites = mkdtempSync(join(tmpdir(), 'cookie-audit-busy-'));
  mkdirSync(join(sites, 'held.test'));
  writeFileSync(
    join(sites, 'held.test', 'index.html'),
    `<!doctype html><html lang="en"><title>Held</title><h1>Anchor &amp; Chain</h1><p>Chandlery since 1952.</p>
<div role="dialog" style="position:fixed;left:1rem;right:1rem;bottom:1rem;background:#fff;border:1px solid #333;padding:1rem">
  <p>We use cookies to run the shop and, with your consent, to measure visits. <a href="/cookies">Cookie policy</a></p>
  <button type="button">Reject all</button> <button type="button">Accept all</button>
</div>
<script>
  localStorage.setItem('anchor_cart', '3 shackles');
  // The page's own long task, started on request: nothing on the page answers meanwhile.
  window.hold = function (ms) { setTimeout(function () { var end = Date.now() + ms; while (Date.now() < end) {} }, 0); };
</script>`,
  );
  // A page with a cross-origin frame whose script never yields (its own renderer, busy for good).
  mkdirSync(join(sites, 'moored.test'));
  writeFileSync(join(sites, 'moored.test', 'index.html'), `<!doctype html><title>Moored</title><script>localStorage.setItem('berth', '12');</script><iframe src="https://stuck-widget.test/"></iframe>`);
  mkdirSync(join(sites, 'stuck-widget.test'));
  writeFileSync(join(sites, 'stuck-widget.test', 'index.html'), `<!doctype html><title>Widget</title><script>addEventListener('load', function () { setTimeout(function () { for (;;) {} }, 50); });</script>`);
  return sites;
});

async function heldPage(url = 'https://held.test/', watched = true): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await env.launched.browser.newContext({ ignoreHTTPSErrors: true });
  // The consent stage's watch (what the look reads of the page's activity); the capture needs none.
  const watch = watched ? await watchPages(context) : undefined;
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  return {
    page,
    close: async () => {
      await watch?.dispose();
      await context.close();
    },
  };
}

describe('a page that holds its main thread when it is read', () => {
  it('findBanner waits for the answer: the banner is read, not missed', async () => {
    const { page, close } = await heldPage();
    try {
      await page.evaluate((ms) => (window as unknown as { hold: (ms: number) => void }).hold(ms), HOLD_MS);
      const found = await findBanner(page);
      expect(found?.read.controls.map((c) => `${c.role}: ${c.text}`)).toEqual(['reject: Reject all', 'accept: Accept all']);
      release(found);
    } finally {
      await close();
    }
  }, 60_000);

  it('the look finds the banner shown from the start, and credits it to no gesture made while the page was held', async () => {
    const { page, close } = await heldPage();
    try {
      await page.evaluate((ms) => (window as unknown as { hold: (ms: number) => void }).hold(ms), HOLD_MS);
      // A short look: its gestures come halfway through, while the page still holds its thread.
      const look = await lookForBanner(page, undefined, { maxMs: 1000 });
      expect(look.found?.read.controls.map((c) => `${c.role}: ${c.text}`)).toEqual(['reject: Reject all', 'accept: Accept all']);
      expect(look.gesture).toBeUndefined();
      release(look.found);
    } finally {
      await close();
    }
  }, 60_000);

  it('the storage capture waits for the answer: what the page stored is read, not missed', async () => {
    const { page, close } = await heldPage();
    try {
      await page.evaluate((ms) => (window as unknown as { hold: (ms: number) => void }).hold(ms), HOLD_MS);
      const storage = await captureStorage(page, { siteDomain: 'held.test', pageUrl: page.url(), includeValues: false });
      expect(storage.entries.map((e) => `${e.type} ${e.origin} ${e.key}`)).toEqual(['localStorage https://held.test anchor_cart']);
      expect(storage.unanswered).toEqual([]);
    } finally {
      await close();
    }
  }, 60_000);
});

describe('a frame whose script never yields', () => {
  it('is named as unread; the page around it is read', async () => {
    const { page, close } = await heldPage('https://moored.test/', false);
    try {
      // The frame's own loop starts after its load: give it the moment to start.
      await page.waitForTimeout(500);
      const started = Date.now();
      const storage = await captureStorage(page, { siteDomain: 'moored.test', pageUrl: page.url(), includeValues: false });
      expect(storage.entries.map((e) => `${e.type} ${e.origin} ${e.key}`)).toEqual(['localStorage https://moored.test berth']);
      expect(storage.unanswered).toEqual(['https://stuck-widget.test/']);
      // Given up on only after the patient wait: a slow frame is not a stopped one.
      expect(Date.now() - started).toBeGreaterThanOrEqual(PATIENT_READ_MS);
    } finally {
      await close();
    }
  }, 60_000);
});
