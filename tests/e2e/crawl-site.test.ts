/**
 * Whole sites: the 30-page Atlas Handbook is crawled from its home page through nested links and its
 * sitemap index, and the one cookie only a deep page sets is found, with the script that set it named.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { manifest, phaseOf, scanFixture, withFixtures, type ScanResult } from './harness.js';

const HOME = 'https://www.atlas-handbook.test/';
const DEEP = `${HOME}guides/setup/advanced/tuning.html`;
const RECORDER = 'https://widgets.trackly.test/recorder.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await withFixtures();
});
afterAll(() => server.close());

describe('crawling the Atlas Handbook from its home page', () => {
  let result: ScanResult;
  beforeAll(async () => {
    result = await scanFixture(server, [HOME], ['--policy', manifest('atlas-handbook.yaml'), '--max-pages', '50']);
  }, 120_000);

  it('visits all 30 pages, the same list in every phase, each once', () => {
    const pre = phaseOf(result.report, 'pre').pages.map((p) => p.url);
    expect(pre).toHaveLength(30);
    expect(new Set(pre).size).toBe(30);
    expect(pre[0]).toBe(HOME);
    expect(pre).toContain(DEEP);
    // Linked from nowhere: only the sitemap index's second sitemap lists it.
    expect(pre).toContain(`${HOME}archive/old-news.html`);
    // Two spellings of one search link, and a fragment, are one page.
    expect(pre.filter((u) => u.includes('search.html'))).toEqual([`${HOME}search.html?q=cookies&page=1`]);
    for (const phase of ['reject', 'accept'] as const) expect(phaseOf(result.report, phase).pages.map((p) => p.url)).toEqual(pre);
    for (const phase of ['pre', 'reject', 'accept'] as const) {
      expect(phaseOf(result.report, phase).pages.every((p) => p.ok && p.status === 200)).toBe(true);
      expect(phaseOf(result.report, phase).errors).toEqual([]);
    }
  });

  it('never follows javascript:, mailto:, tel:, file:, downloads, other sites or sign-out links', () => {
    const pre = phaseOf(result.report, 'pre').pages.map((p) => p.url);
    expect(pre.filter((u) => /downloads|partner-network|logout|^(?!https:)/.test(u))).toEqual([]);
    const requested = server.requests.map((r) => `${r.host}${r.path}`);
    expect(requested.filter((r) => /\/downloads\/|\/logout|partner-network/.test(r))).toEqual([]);
  });

  it('finds _trackly_rec, set only on the deep tuning page, and names the script that set it', () => {
    const rec = phaseOf(result.report, 'pre').cookies.find((c) => c.name === '_trackly_rec');
    expect(rec).toMatchObject({ domain: '.atlas-handbook.test', firstSeenPage: DEEP, setBy: { kind: 'script', url: RECORDER } });
    const findings = result.report.findings.filter((f) => f.item.name === '_trackly_rec');
    expect(findings.map((f) => `${f.ruleId} ${f.phase}`)).toEqual(['pre-consent-cookie pre', 'undeclared-cookie pre', 'cookie-after-reject reject']);
    for (const finding of findings) {
      expect(finding.page).toBe(DEEP);
      expect(finding.message).toContain(`set by ${RECORDER} on /guides/setup/advanced/tuning.html`);
      expect(finding.evidence?.['setBy']).toBe(`script ${RECORDER}`);
    }
    const storage = result.report.findings.find((f) => f.ruleId === 'undeclared-storage');
    expect(storage?.message).toContain(`written by ${RECORDER} on /guides/setup/advanced/tuning.html`);
  });

  it('attributes the site-wide cookies to the home page, where they were first set', () => {
    const lang = phaseOf(result.report, 'pre').cookies.find((c) => c.name === 'atlas_lang');
    expect(lang).toMatchObject({ firstSeenPage: HOME, setBy: { kind: 'script', url: `${HOME}js/site.js` } });
  });
});

describe('limits of a crawl', () => {
  it('--depth, --exclude and --no-sitemaps keep the crawl to the pages asked for', async () => {
    const result = await scanFixture(server, [HOME], [
      '--policy', manifest('atlas-handbook.yaml'), '--phases', 'pre', '--max-pages', '50', '--depth', '3', '--exclude', '/blog/*', '--no-sitemaps',
    ]);
    const pages = phaseOf(result.report, 'pre').pages.map((p) => p.url);
    expect(pages).toContain(`${HOME}guides/setup/advanced/`);
    expect(pages).not.toContain(DEEP);
    expect(pages.filter((u) => u.includes('/blog/') || u.includes('/archive/'))).toEqual([]);
    expect(result.report.findings.filter((f) => f.item.name === '_trackly_rec')).toEqual([]);
  });

  it('--max-pages 1 asks for no sitemap, reads no links, and report.json says where each phase\'s time went', async () => {
    const before = server.requests.length;
    const result = await scanFixture(server, [HOME], ['--policy', manifest('atlas-handbook.yaml'), '--max-pages', '1']);
    const asked = server.requests.slice(before).filter((r) => r.host === 'www.atlas-handbook.test').map((r) => r.path);
    expect(asked.filter((path) => /robots\.txt|sitemap/.test(path))).toEqual([]);
    for (const phase of ['pre', 'reject', 'accept'] as const) {
      const evidence = phaseOf(result.report, phase);
      expect(evidence.pages.map((p) => p.url)).toEqual([HOME]);
      // Which steps ran, not how long they took (that differs on every run).
      expect(Object.keys(evidence.timings ?? {})).toEqual(expect.arrayContaining(['context', 'load', 'quiet', 'capture', 'signals', 'close', 'total']));
      expect(evidence.timings).not.toHaveProperty('sitemaps');
      expect(evidence.timings).not.toHaveProperty('links');
    }
    expect(phaseOf(result.report, 'pre').timings).toHaveProperty('look');
  }, 120_000);

  it('--max-pages caps the pages of a site, start page first', async () => {
    const result = await scanFixture(server, [HOME], ['--policy', manifest('atlas-handbook.yaml'), '--phases', 'pre', '--max-pages', '4']);
    expect(phaseOf(result.report, 'pre').pages.map((p) => p.url)).toEqual([HOME, `${HOME}guides/`, `${HOME}reference/`, `${HOME}blog/`]);
  });
});
