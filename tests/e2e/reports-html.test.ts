/**
 * The HTML report of a hostile site, opened in real Chromium: the site's cookie names, values and storage
 * keys are script and markup; none of it may run, all of it must read as text, and the page must render
 * its findings table. Checked with the report's Content-Security-Policy and again with CSP bypassed, so
 * the escaping itself is what is tested.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { runAudit } from '../../src/audit/run.js';
import { findBrowser } from '../../src/browser/find.js';
import { htmlReporter } from '../../src/report/html/index.js';
import { validateReport } from '../../src/report/validate.js';
import { EMPTY_POLICY, banner, click, consent, control, toggle } from '../audit/factories.js';
import { cookie, evidence, phase, report, site } from '../report/factory.js';
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
  if (result?.out) rmSync(result.out, { recursive: true, force: true });
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

/**
 * The banner section and the matrix, on a hand-built report (the banner heuristic's fixture sites come with
 * their own end-to-end tests): a banner whose texts and colours are hostile, opened with the report's CSP.
 */
describe('report.html: the matrix and the consent banner, as a reader sees them', () => {
  const BANNER_PAYLOAD = "<img src=x onerror=\"Object.defineProperty(window,'__pwned',{value:'banner'})\">";
  let dir: string;
  let opened: Opened;
  let findingCount: number;
  let bannerFindingCount: number;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cookie-audit-html-banner-'));
    // A real 2×1 PNG, so the screenshot is embedded and shown in the banner section.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDAAAAI/wH/bFNUSAAAAABJRU5ErkJggg==', 'base64');
    writeFileSync(join(dir, 'reject-before.png'), png);
    writeFileSync(join(dir, 'reject-outlined.png'), png);
    const shown = banner({
      text: `We use cookies ${BANNER_PAYLOAD}`,
      controls: [
        control('accept', 'OK'),
        control('settings', BANNER_PAYLOAD, { element: 'link', fontSizePx: 12, contrast: 2.4, color: 'rgba(0, 0, 0, 0.4)', background: 'url(https://evil.test/bg.png)' }),
      ],
      policyLinks: [],
      toggles: [toggle('Analytics', { category: 'analytics', checked: true })],
    });
    const ga = cookie({ name: '_ga', expires: null, lifetimeSeconds: null, classification: { category: 'analytics', source: 'database' } });
    const siteEvidence = evidence({
      phases: [
        phase({ phase: 'pre', cookies: [ga] }),
        phase({
          phase: 'reject',
          cookies: [ga],
          consent: consent('reject', { banner: shown, clicks: [click('settings', BANNER_PAYLOAD), click('save', 'Save', { layer: 'second' })], screenshots: { before: 'reject-before.png', outlined: 'reject-outlined.png' } }),
        }),
        phase({ phase: 'accept', cookies: [ga], consent: consent('accept', { banner: shown, clicks: [click('accept', 'OK')], reopen: null }) }),
      ],
    });
    const findings = runAudit([{ site: siteEvidence, policy: EMPTY_POLICY, hasPolicy: false }]);
    findingCount = findings.length;
    bannerFindingCount = findings.filter((f) => f.item.type === 'consent').length;
    expect(bannerFindingCount).toBe(6);
    const built = report({ sites: [site({ evidence: siteEvidence, policyFile: null })], findings });
    expect(validateReport(built)).toEqual([]);
    writeFileSync(join(dir, 'report.html'), htmlReporter.render(built, { color: false, outDir: dir }));
    reportUrl = pathToFileURL(join(dir, 'report.html')).href;
    opened = await open({ bypassCSP: false });
  });
  afterAll(async () => {
    await opened?.context.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens with the matrix, before any other table, each cell coloured by its category', async () => {
    const firstTable = await opened.page.evaluate(() => document.querySelector('table')?.closest('section')?.id);
    expect(firstTable).toBe('at-a-glance');
    const matrix = opened.page.locator('#at-a-glance table.matrix');
    expect(await matrix.locator('thead th').allInnerTexts()).toEqual(['Item', 'Where', 'pre', 'reject', 'accept']);
    const cells = matrix.locator('tbody tr').first().locator('td.cell');
    expect(await cells.allInnerTexts()).toEqual(['analytics ✖', 'analytics ✖', 'analytics']);
    const colours = await cells.evaluateAll((tds) => tds.map((td) => getComputedStyle(td).backgroundColor));
    expect(new Set(colours)).toEqual(new Set(['rgb(253, 240, 200)']));
  });

  it('a mark in the matrix leads to its finding, even when a filter hid that row', async () => {
    const findingsTable = opened.page.locator('#findings');
    await findingsTable.locator('input.filter').fill('no row has this text');
    const mark = opened.page.locator('#at-a-glance td.cell a.mark[title*="cookie-after-reject"]');
    const target = (await mark.getAttribute('href')) ?? '';
    await mark.click();
    expect(await opened.page.evaluate(() => location.hash)).toBe(target);
    const row = opened.page.locator(target);
    expect(await row.isVisible()).toBe(true);
    expect(await row.innerText()).toContain('cookie-after-reject');
    expect(await findingsTable.locator('.shown').innerText()).toBe(`${findingCount} of ${findingCount}`);
  });

  it('shows the banner: screenshot, controls side by side with swatches, clicks, toggles, findings', async () => {
    const section = opened.page.locator('section.banner');
    // The banner with its controls outlined first, then the page before the click.
    expect(await section.locator('.screenshots figcaption').allInnerTexts()).toEqual(['reject: controls outlined', 'reject: before']);
    expect(await section.locator('img').count()).toBe(2);
    expect(await section.locator('img').first().evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(2);
    const controls = section.locator('table.controls');
    expect(await controls.locator('thead th').allInnerTexts()).toEqual(['Role', 'accept', 'settings']);
    expect(await controls.locator('tbody tr').first().locator('td').allInnerTexts()).toEqual(['OK', BANNER_PAYLOAD]);
    // Three readable colours are painted; the url() background stays text only.
    const swatches = await controls.locator('.swatch').evaluateAll((s) => s.map((x) => getComputedStyle(x).backgroundColor));
    expect(swatches).toEqual(['rgb(255, 255, 255)', 'rgba(0, 0, 0, 0.4)', 'rgb(13, 110, 253)']);
    expect(await controls.innerText()).toContain('url(https://evil.test/bg.png)');
    expect(await section.locator('.answer').first().innerText()).toBe('To accept: 1 click: “OK” accept, first layer');
    expect(await section.locator('.toggles li.flagged').innerText()).toContain('Analytics (analytics): on before anyone touched it');
    expect(await section.locator('.banner-findings li').count()).toBe(bannerFindingCount);
    // The reject phase's consent box points up to the banner instead of repeating the screenshot.
    expect(await opened.page.locator('section.phase img').count()).toBe(0);
  });

  it('runs none of the banner\u2019s markup and requests nothing', async () => {
    expect(await opened.page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(opened.dialogs).toEqual([]);
    expect(opened.requests).toEqual([]);
    expect(opened.problems).toEqual([]);
    const text = await opened.page.evaluate(() => document.body.textContent ?? '');
    expect(text).toContain(`We use cookies ${BANNER_PAYLOAD}`);
  });
});
