/** The demo shop: `cookie-audit demo` shows one violation of every rule; the compliant path has no error. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { brief, manifest, phaseOf, readReports, runCli, scanFixture, tempOut, withFixtures, type ScanResult } from './harness.js';

const BROKEN_FINDINGS = [
  'pre-consent-cookie pre _ga',
  'pre-consent-cookie pre _gid',
  'pre-consent-tracker pre https://www.google-analytics.com/analytics.js',
  'expiry-exceeds-declared pre _ga',
  'expiry-exceeds-declared pre cart_id',
  'expiry-too-long pre _ga',
  'insecure-cookie pre session_id',
  'undeclared-storage pre ab_test_bucket',
  'cookie-after-reject reject _ga',
  'cookie-after-reject reject _gcl_au',
  'cookie-after-reject reject _gid',
  'insecure-cookie reject consent',
  'undeclared-cookie accept _hjid',
  'undeclared-third-party accept hotjar.com',
  'declared-not-observed - wishlist_id',
];

describe('cookie-audit demo (the broken demo shop)', () => {
  let demo: ScanResult;
  beforeAll(async () => {
    const out = tempOut();
    demo = readReports(await runCli(['demo', '--out', out]), out);
  });

  it('exits 0 (the demo shows findings, it does not fail) and prints them with a summary', () => {
    expect(demo.code).toBe(0);
    expect(demo.stdout).toContain('cookie-after-reject');
    expect(demo.stdout).toMatch(/8 errors, 6 warnings, 1 info/);
    expect(demo.stderr).toContain('report.json');
  });

  it('reports exactly one finding per deliberate violation, in report order', () => {
    expect(demo.report.findings.map(brief)).toEqual(BROKEN_FINDINGS);
    expect(demo.report.summary.bySeverity).toEqual({ error: 8, warning: 6, info: 1 });
  });

  it('names the manifest entry and shows both lifetimes for expiry-exceeds-declared', () => {
    const ga = demo.report.findings.find((f) => f.ruleId === 'expiry-exceeds-declared' && f.item.name === '_ga');
    expect(ga?.declaration).toMatchObject({ kind: 'cookie', name: '_ga', category: 'analytics' });
    expect(ga?.evidence).toMatchObject({ declaredSeconds: 365 * 86400, storedSeconds: expect.any(Number), requestedSeconds: 2 * 365 * 86400 });
    expect(ga?.message).toMatch(/400 days/);
    expect(ga?.message).toMatch(/2 years/);
  });

  it('says what the databases know: the undeclared _hjid is Hotjar analytics, the ungated GA script is a tracker before consent', () => {
    const hjid = demo.report.findings.find((f) => f.ruleId === 'undeclared-cookie' && f.item.name === '_hjid');
    expect(hjid?.evidence).toMatchObject({ category: 'analytics', categorySource: 'database', vendor: 'Hotjar' });
    const tracker = demo.report.findings.find((f) => f.ruleId === 'pre-consent-tracker');
    expect(tracker).toMatchObject({ item: { type: 'request', domain: 'www.google-analytics.com' }, evidence: { category: 'analytics', categorySource: 'manifest' } });
    expect(phaseOf(demo.report, 'accept').cookies.find((c) => c.name === '_hjid')?.classification).toEqual({ category: 'analytics', source: 'database', vendor: 'Hotjar' });
    expect(demo.report.options.trackerDatabase?.name).toBe('cookie-audit');
  });

  it('records who set each cookie: the Set-Cookie response or the writing script', () => {
    const pre = phaseOf(demo.report, 'pre');
    const byName = Object.fromEntries(pre.cookies.map((c) => [c.name, c]));
    expect(byName['cart_id']?.setBy).toEqual({ kind: 'header', url: 'https://demo-shop.test/api/cart' });
    expect(byName['_ga']?.setBy).toEqual({ kind: 'script', url: 'https://www.google-analytics.com/analytics.js' });
    expect(byName['_ga']?.party).toBe('first');
    expect(byName['session_id']).toMatchObject({ httpOnly: false, secure: true, sameSite: 'Lax', expires: null });
    const storage = pre.storage.map((s) => `${s.type} ${s.key} ${s.setBy?.url}`);
    expect(storage).toContain('localStorage ab_test_bucket https://demo-shop.test/js/shop.js');
    expect(storage).toContain('indexedDB shop-offline https://demo-shop.test/js/shop.js');
    expect(storage).toContain('sessionStorage checkout_step https://demo-shop.test/js/shop.js');
  });

  it('writes a JUnit file with one suite per phase and a failure per error or warning', () => {
    const suites = demo.junit.children.filter((c) => typeof c !== 'string' && c.name === 'testsuite');
    const names = suites.map((s) => (typeof s === 'string' ? '' : s.attributes['name']));
    expect(names).toEqual(expect.arrayContaining(['https://demo-shop.test/ · pre', 'https://demo-shop.test/ · reject', 'https://demo-shop.test/ · accept']));
    expect(Number(demo.junit.attributes['failures'])).toBeGreaterThan(0);
  });

  it('fails a CI job with --fail-on error: exit 1', async () => {
    const run = await runCli(['demo', '--out', tempOut(), '--fail-on', 'error', '--format', 'json']);
    expect(run.code).toBe(1);
  });
});

describe('the compliant demo shop', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await withFixtures();
  });
  afterAll(() => server.close());

  it('produces no error and no warning; only the never-set wishlist_id is listed as not observed', async () => {
    const result = await scanFixture(server, ['https://demo-shop.test/compliant/'], ['--policy', manifest('demo-shop.yaml')]);
    expect(result.code).toBe(0);
    expect(result.report.findings.map(brief)).toEqual(['declared-not-observed - wishlist_id']);
    expect(phaseOf(result.report, 'accept').cookies.map((c) => c.name)).toEqual(
      expect.arrayContaining(['_ga', '_gid', '_gcl_au', '_fbp', 'fr', 'consent', 'session_id', 'cart_id']),
    );
    expect(phaseOf(result.report, 'reject').consent).toMatchObject({ action: 'reject', method: 'selector', selector: '#reject-all', succeeded: true });
  });
});
