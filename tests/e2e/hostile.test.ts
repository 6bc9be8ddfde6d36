/**
 * Broken and hostile sites: the scan completes, records what it could, reports each problem as a page
 * error (never a crash), and exits 3 because the audit is incomplete.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { elements } from '../report/strict-xml.js';
import { phaseOf, runCli, scanFixture, tempOut, withFixtures, type ScanResult } from './harness.js';

const H = 'https://hostile.test';
const PAGES = [
  '/',
  '/500',
  '/404',
  '/loop-a',
  '/never',
  '/busy.html',
  '/dialogs.html',
  '/many-cookies.html',
  '/big-cookies',
  '/malformed',
  '/weird-names.html',
  '/navigates-away.html',
  '/download',
  '/iframe.html',
  '/slow',
].map((p) => `${H}${p}`);

let server: FixtureServer;
let result: ScanResult;
beforeAll(async () => {
  server = await withFixtures();
  // One tab at a time and no link discovery: each page's misbehaviour is judged alone. (In parallel, a page
  // stuck in an endless loop can also stall same-site tabs that share its renderer; they then time out too.)
  // The timeout is what the pages that never finish are given; the others must load within it however busy
  // the machine (in CI, beside another test file, the page writing 1 000 cookies took over 6 s).
  result = await scanFixture(server, PAGES, ['--phases', 'pre', '--timeout', '20000', '--concurrency', '1', '--depth', '0']);
}, 240_000);
afterAll(() => server.close());

describe('a scan of a hostile site', () => {
  it('completes, visits every page, and exits 3 because some pages could not be audited', () => {
    expect(result.code).toBe(3);
    const pre = phaseOf(result.report, 'pre');
    expect(pre.status).toBe('completed');
    expect(pre.pages.map((p) => p.url)).toEqual(PAGES);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // Every page here is a start URL: each one that could not be seen as intended is a hole.
    expect(result.report.summary.incomplete).toEqual([
      `${H}/404: HTTP 404 Not Found`,
      `${H}/500: HTTP 500 Internal Server Error`,
      `${H}/busy.html: did not finish loading within 20000 ms`,
      `${H}/download: the URL starts a file download; there is no page to audit`,
      `${H}/loop-a: net::ERR_TOO_MANY_REDIRECTS`,
      `${H}/never: did not finish loading within 20000 ms`,
    ]);
    expect(result.stdout).toContain('audit incomplete');
  });

  it('records each problem as a page error of its kind', () => {
    const errors = phaseOf(result.report, 'pre').errors.map((e) => `${e.kind} ${e.url.slice(H.length)}`);
    expect(errors).toEqual([
      'http-status /500',
      'http-status /404',
      'navigation /loop-a',
      'timeout /never',
      'timeout /busy.html',
      'not-a-page /download',
    ]);
  });

  it('still captures what broken pages set: error pages, the stuck page, dialogs and popups, self-navigation', () => {
    const pre = phaseOf(result.report, 'pre');
    const names = new Set(pre.cookies.map((c) => c.name));
    for (const name of ['err_trace', 'before_loop', 'after_dialogs', 'popup_seen', 'left_from', 'landed', 'slow_cookie']) {
      expect(names, name).toContain(name);
    }
    expect(pre.pages.find((p) => p.url === `${H}/navigates-away.html`)?.finalUrl).toBe(`${H}/landed.html`);
  });

  it('copes with 1 000 cookies, 4 KB cookies and malformed Set-Cookie headers as the browser does', () => {
    const cookies = phaseOf(result.report, 'pre').cookies;
    const numbered = cookies.filter((c) => /^c\d+$/.test(c.name));
    // Chromium keeps at most 180 cookies per domain and evicts the oldest; the report holds what it kept.
    expect(numbered.length).toBeGreaterThan(100);
    expect(numbered.length).toBeLessThanOrEqual(180);
    expect(cookies.find((c) => c.name === 'big_ok')?.size).toBe(4006);
    expect(cookies.map((c) => c.name)).not.toContain('big_too_large');
    const names = cookies.map((c) => c.name);
    expect(names).toContain('ok_after_malformed');
    expect(names).not.toContain('foreign_domain');
  });

  it('keeps non-ASCII names as they are and writes well-formed JUnit XML for names with markup and control characters', () => {
    const names = phaseOf(result.report, 'pre').cookies.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['café', '名前', 'emoji_🍪', '<script>alert(1)</script>', ']]>cdata']));
    // The strict XML reader in the harness parsed junit.xml; the markup reads back as text, not as elements.
    const testcases = elements(result.junit, 'testsuite').flatMap((suite) => elements(suite, 'testcase'));
    const caseNames = testcases.map((t) => t.attributes['name']);
    expect(caseNames).toContain('cookie <script>alert(1)</script> (hostile.test)');
    expect(caseNames).toContain('cookie ]]>cdata (hostile.test)');
    expect(elements(result.junit, 'script')).toEqual([]);
  });

  it('never prints raw control characters from the site to the console', () => {
    expect(result.stdout).not.toMatch(/\u001b/);
    expect(result.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
  });

  it("captures a third-party iframe's own cookies and storage as third party", () => {
    const pre = phaseOf(result.report, 'pre');
    expect(pre.cookies.find((c) => c.name === 'wid_session')).toMatchObject({ domain: 'embed.widgetly.test', party: 'third' });
    expect(pre.storage.find((s) => s.key === 'widget_state')).toMatchObject({
      type: 'localStorage',
      origin: 'https://embed.widgetly.test',
      party: 'third',
      frameUrl: 'https://embed.widgetly.test/widget.html',
    });
  });
});

describe('a TLS error without --ignore-https-errors', () => {
  it('makes the site unreachable with the certificate error named, exit 3', async () => {
    const out = tempOut();
    const resolve = server.resolve.flatMap((r) => ['--resolve', r]);
    const run = await runCli(['scan', `${H}/`, ...resolve, '--out', out, '--phases', 'pre', '--format', 'json']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(new RegExp(`^cookie-audit: could not scan ${H}/: net::ERR_CERT_[A-Z_]+$`, 'm'));
  });
});
