/**
 * The HTML report of a hostile site, opened in real Chromium: the site's cookie names, values and storage
 * keys are script and markup; none of it may run, all of it must read as text, and the page must render
 * its findings table. Checked with the report's Content-Security-Policy and again with CSP bypassed, so
 * the escaping itself is what is tested.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { findBrowser } from '../../src/browser/find.js';
import { scanFixture, withFixtures, type ScanResult } from './harness.js';

const COOKIE_NAME_SCRIPT = "<script>Object.defineProperty(window,'__pwned',{value:'cookie-name'})</script>";
const COOKIE_NAME_TITLE = '</title><script>alert(document.domain)</script>';
const COOKIE_VALUE_IMG = "<img src=x onerror=Object.defineProperty(window,'__pwned',{value:'cookie-value'})>";
const STORAGE_KEY_IMG = `<img src=x onerror="Object.defineProperty(window,'__pwned',{value:'storage-key'})">`;
const STORAGE_KEY_SCRIPT = '</script><script>document.title="pwned"</script>';
const STORAGE_KEY_SEPARATORS = 'line\u2028separator\u2029paragraph';
const STORAGE_VALUE_SVG = `<svg onload="document.title='pwned'"></svg>`;
const PAYLOADS = [COOKIE_NAME_SCRIPT, COOKIE_NAME_TITLE, COOKIE_VALUE_IMG, STORAGE_KEY_IMG, STORAGE_KEY_SCRIPT, STORAGE_KEY_SEPARATORS, STORAGE_VALUE_SVG];

let server: FixtureServer;
let result: ScanResult;
let browser: Browser;
let reportUrl: string;

beforeAll(async () => {
  server = await withFixtures();
  result = await scanFixture(server, ['https://payload-names.test/'], ['--phases', 'pre', '--include-values']);
  reportUrl = pathToFileURL(join(result.out, 'report.html')).href;
  browser = await chromium.launch({
    executablePath: findBrowser().executablePath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Opened {
  context: BrowserContext;
  page: Page;
  dialogs: string[];
  requests: string[];
  problems: string[];
}

async function open(options: { bypassCSP: boolean }): Promise<Opened> {
  const context = await browser.newContext({ bypassCSP: options.bypassCSP, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const opened: Opened = { context, page, dialogs: [], requests: [], problems: [] };
  page.on('dialog', (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) opened.requests.push(request.url());
  });
  page.on('pageerror', (error) => opened.problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') opened.problems.push(message.text());
  });
  await page.goto(reportUrl);
  await page.waitForSelector('body[data-rendered="true"]');
  return opened;
}

describe('the scan of the hostile site', () => {
  it('captured every payload, so the report really holds them', () => {
    const pre = result.report.sites[0]?.evidence.phases.find((p) => p.phase === 'pre');
    expect(pre?.cookies.map((c) => c.name)).toEqual(expect.arrayContaining([COOKIE_NAME_SCRIPT, COOKIE_NAME_TITLE, 'img_payload']));
    expect(pre?.cookies.find((c) => c.name === 'img_payload')?.value).toBe(COOKIE_VALUE_IMG);
    expect(pre?.storage.map((s) => s.key)).toEqual(expect.arrayContaining([STORAGE_KEY_IMG, STORAGE_KEY_SCRIPT, STORAGE_KEY_SEPARATORS, 'svg_payload']));
    expect(result.report.findings.length).toBeGreaterThanOrEqual(4);
  });

  it('the payloads are live: written into a page as markup, they run', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    // A fresh page per payload: __pwned, once defined, cannot be redefined in the same window.
    const run = async (markup: string) => {
      const page = await context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.setContent(`<title>x</title><div>${markup}</div>`);
      return { page, dialogs };
    };
    const script = await run(COOKIE_NAME_SCRIPT);
    expect(await script.page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBe('cookie-name');
    const img = await run(COOKIE_VALUE_IMG);
    await img.page.waitForFunction(() => (window as { __pwned?: string }).__pwned === 'cookie-value');
    const title = await run(COOKIE_NAME_TITLE);
    await expect.poll(() => title.dialogs.length).toBe(1);
    await context.close();
  });
});

describe.each([
  ['with its Content-Security-Policy', false],
  ['with CSP bypassed (escaping alone)', true],
])('report.html opened in Chromium %s', (_label, bypassCSP) => {
  let opened: Opened;
  beforeAll(async () => {
    opened = await open({ bypassCSP });
  });
  afterAll(() => opened?.context.close());

  it('runs none of the site\u2019s script and makes no request', async () => {
    expect(await opened.page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await opened.page.title()).toBe('cookie-audit report — https://payload-names.test/');
    expect(opened.dialogs).toEqual([]);
    expect(opened.requests).toEqual([]);
    // Also no CSP violation: the report's own script and style are allowed by their hashes.
    expect(opened.problems).toEqual([]);
    expect(await opened.page.locator('svg, img, iframe').count()).toBe(0);
  });

  it('shows every payload literally, as text', async () => {
    const text = await opened.page.evaluate(() => document.body.textContent ?? '');
    for (const payload of PAYLOADS) expect(text).toContain(payload);
    await expect(opened.page.getByText(COOKIE_NAME_SCRIPT, { exact: true }).first()).toBeTruthy();
  });
});

describe('report.html as a reader sees it', () => {
  let opened: Opened;
  beforeAll(async () => {
    opened = await open({ bypassCSP: false });
  });
  afterAll(() => opened?.context.close());

  it('renders the findings table: a visible row per finding, in a real screenshot', async () => {
    const rows = opened.page.locator('#findings table tbody tr');
    expect(await rows.count()).toBe(result.report.findings.length);
    for (let i = 0; i < (await rows.count()); i++) {
      const box = await rows.nth(i).boundingBox();
      expect(box?.height ?? 0).toBeGreaterThan(10);
      expect(box?.width ?? 0).toBeGreaterThan(600);
    }
    const firstRowText = await rows.first().innerText();
    expect(firstRowText).toContain('pre-consent-cookie');

    const shot = await opened.page.screenshot({ fullPage: true });
    expect(shot.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const width = shot.readUInt32BE(16);
    const height = shot.readUInt32BE(20);
    expect(width).toBe(1400);
    const findings = await opened.page.locator('#findings').boundingBox();
    expect(height).toBeGreaterThanOrEqual(Math.floor((findings?.y ?? 0) + (findings?.height ?? 0)));
    const section = await opened.page.locator('#findings').screenshot();
    expect(section.length).toBeGreaterThan(5_000);
  });

  it('filters and sorts tables without a framework', async () => {
    const findings = opened.page.locator('#findings');
    const rows = findings.locator('tbody tr');
    await findings.locator('input.filter').fill('img_payload');
    await expect.poll(() => rows.evaluateAll((trs) => trs.filter((tr) => !(tr as HTMLElement).hidden).length)).toBe(1);
    expect(await findings.locator('.shown').innerText()).toBe(`1 of ${result.report.findings.length}`);
    await findings.locator('input.filter').fill('');

    const cookies = opened.page.locator('section.phase table').first();
    const names = () => cookies.locator('tbody tr td:first-child').allInnerTexts();
    const before = await names();
    await cookies.locator('th button', { hasText: 'Name' }).click();
    const ascending = await names();
    expect([...ascending]).toEqual([...before].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
    await cookies.locator('th button', { hasText: 'Name' }).click();
    expect(await names()).toEqual([...ascending].reverse());
    expect(await cookies.locator('th[aria-sort="descending"]').count()).toBe(1);
  });

  it('is one file: the data is the scan\u2019s, inlined', () => {
    const html = readFileSync(join(result.out, 'report.html'), 'utf8');
    expect(html).toContain('"generatedAt":"' + result.report.generatedAt + '"');
  });
});
