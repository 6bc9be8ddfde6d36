/**
 * Sites without a banner: one that sets analytics cookies with no way to refuse them, and a US-style
 * opt-out shop (no banner by design) that honours Global Privacy Control, next to its twin that ignores it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { brief, manifest, phaseOf, scanFixture, withFixtures, type ScanResult } from './harness.js';

const VISITOR_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

let server: FixtureServer;
let noBanner: ScanResult;
let gpc: ScanResult;

beforeAll(async () => {
  server = await withFixtures();
  [noBanner, gpc] = await Promise.all([
    // No manifest: the rules that need none still apply. A German visitor, to check the CLI passes it on,
    // and a shorter look for the banner than the default 5 s.
    scanFixture(server, ['https://no-banner.test/'], ['--locale', 'de-DE', '--timezone', 'Europe/Berlin', '--user-agent', VISITOR_UA, '--consent-wait', '1500']),
    // Default phases: the manifest's honorsGpc adds the gpc phase.
    scanFixture(server, ['https://gpc-honoured.test/', 'https://gpc-ignored.test/'], ['--policy', manifest('consent-libraries/gpc.yaml')]),
  ]);
}, 120_000);
afterAll(() => server.close());

describe('a site with analytics cookies and no banner', () => {
  it('reports no-consent-banner and the cookies set before consent, and nothing "after reject" that never happened', () => {
    expect(noBanner.report.findings.map(brief)).toEqual([
      'pre-consent-cookie pre _ga',
      'pre-consent-cookie pre _gid',
      'pre-consent-tracker pre https://www.google-analytics.com/analytics.js',
      'no-consent-banner reject reject',
    ]);
    expect(noBanner.code).toBe(1);
  });

  it('says what was tried and what the banner would have had to refuse', () => {
    const [finding] = noBanner.report.findings.filter((f) => f.ruleId === 'no-consent-banner');
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toMatch(/No consent banner could be found or operated/);
    expect(finding?.message).toContain('_ga (.no-banner.test)');
    expect(finding?.message).toContain('www.google-analytics.com');
    expect(finding?.message).toMatch(/Tried: manifest: no consent\.reject selector; tried what a visitor does: mouse movement, scroll, focus; the first visit \(pre phase\) found no banner after [\d.]+ s, and none is on this page; autoconsent [\d.]+: no consent platform recognised; heuristic: no box on the page reads as a consent banner/);
    expect(finding?.evidence).toMatchObject({ platform: null, trackerHosts: 'www.google-analytics.com' });
  });

  it('visits as the visitor given on the command line', () => {
    const pages = server.requests.filter((r) => r.host === 'no-banner.test');
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      expect(page.headers['user-agent']).toBe(VISITOR_UA);
      expect(page.headers['accept-language']).toMatch(/^de-DE/);
    }
  });

  it('records the attempt in both consent phases: no platform, nothing operated, no screenshot', () => {
    for (const phase of ['reject', 'accept'] as const) {
      const consent = phaseOf(noBanner.report, phase).consent;
      expect(consent).toMatchObject({ action: phase, method: 'none', platform: null, succeeded: false });
      expect(consent?.screenshots).toBeUndefined();
    }
  });
});

describe('Global Privacy Control, promised by the manifest (honorsGpc)', () => {
  const site = (url: string) => {
    const index = gpc.report.sites.findIndex((s) => s.evidence.url === url);
    if (index < 0) throw new Error(`${url} not in the report`);
    return index;
  };

  it('runs the gpc phase by default, without touching any banner', () => {
    expect(gpc.report.options.phases).toEqual(['pre', 'reject', 'accept', 'gpc']);
    for (const url of ['https://gpc-honoured.test/', 'https://gpc-ignored.test/']) {
      expect(phaseOf(gpc.report, 'gpc', site(url)).consent).toBeUndefined();
    }
  });

  it('the honouring shop: the pixel runs for other visitors but not with GPC, and nothing is reported', () => {
    const index = site('https://gpc-honoured.test/');
    expect(phaseOf(gpc.report, 'pre', index).cookies.map((c) => c.name)).toContain('_fbp');
    expect(phaseOf(gpc.report, 'gpc', index).cookies.map((c) => c.name)).toEqual(['trail_session']);
    expect(gpc.report.findings.filter((f) => f.site === 'https://gpc-honoured.test/')).toEqual([]);
  });

  it('the ignoring shop: every marketing cookie and tracker request under GPC is a gpc-ignored error', () => {
    const findings = gpc.report.findings.filter((f) => f.site === 'https://gpc-ignored.test/');
    expect(findings.map(brief)).toEqual([
      'gpc-ignored gpc _fbp',
      'gpc-ignored gpc fr',
      'gpc-ignored gpc https://connect.facebook.net/en_US/fbevents.js',
      'gpc-ignored gpc https://www.facebook.com/tr',
    ]);
    expect(findings.every((f) => f.severity === 'error' && f.evidence?.['honorsGpc'] === true)).toBe(true);
    expect(gpc.code).toBe(1);
  });
});
