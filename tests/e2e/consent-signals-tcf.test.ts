/**
 * The IAB TCF signal end to end: the Fair Consent fixture sites (a CMP on the IAB Tech Lab's own cmpapi and
 * core, bundled at test time) scanned with the real CLI. Each site gives exactly its findings; the
 * compliant ones none of the TCF rules. The TC strings are read from the CMP API (in the page, or through
 * the __tcfapiLocator frame), the euconsent-v2 cookie and localStorage, and decoded into report.json.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server.js';
import { sitesWithTcfCmp } from '../../fixtures/tcf/bundle.js';
import type { Phase } from '../../src/evidence/types.js';
import { brief, manifest, phaseOf, scanFixture, type ScanResult } from './harness.js';

const SITES = ['tcf-compliant', 'tcf-consent-on-reject', 'tcf-before-choice', 'tcf-li-for-ads', 'tcf-frame'] as const;
type Site = (typeof SITES)[number];
const TCF_RULES = ['tcf-consent-after-reject', 'tcf-consent-before-choice', 'tcf-legitimate-interest-for-ads'];
const ALL_PURPOSES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** The manifest declares both places the CMP may keep its string; each site uses one of them. */
const UNUSED_DECLARATION = 'declared-not-observed - euconsent-v2';

const EXPECTED: Record<Site, string[]> = {
  'tcf-compliant': [UNUSED_DECLARATION],
  'tcf-consent-on-reject': ['tcf-consent-after-reject reject tcf', UNUSED_DECLARATION],
  'tcf-before-choice': ['tcf-consent-before-choice pre tcf', UNUSED_DECLARATION],
  'tcf-li-for-ads': ['tcf-legitimate-interest-for-ads reject tcf', UNUSED_DECLARATION],
  'tcf-frame': [UNUSED_DECLARATION],
};

describe('TCF consent signals (Fair Consent, a CMP on @iabtechlabtcf/cmpapi and core)', () => {
  let sitesDir: string;
  let server: FixtureServer;
  const scans = {} as Record<Site, ScanResult>;
  beforeAll(async () => {
    sitesDir = mkdtempSync(join(tmpdir(), 'cookie-audit-tcf-sites-'));
    server = await startFixtureServer({ sitesDir: await sitesWithTcfCmp(sitesDir) });
    const policy = ['--policy', manifest('consent-signals/tcf.yaml')];
    const results = await Promise.all(SITES.map((site) => scanFixture(server, [`https://${site}.test/`], policy)));
    SITES.forEach((site, i) => (scans[site] = results[i]!));
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    for (const scan of Object.values(scans)) rmSync(scan.out, { recursive: true, force: true });
    if (sitesDir) rmSync(sitesDir, { recursive: true, force: true });
  });

  const strings = (site: Site, phase: Phase) => phaseOf(scans[site].report, phase).signals?.tcf.strings ?? [];

  it.each(SITES.map((site) => [site]))('%s gives exactly its findings', (site) => {
    expect(scans[site].report.findings.map(brief)).toEqual(EXPECTED[site]);
  });

  it('the compliant sites: no TCF finding, no error', () => {
    for (const site of ['tcf-compliant', 'tcf-frame'] as const) {
      expect(scans[site].report.findings.filter((f) => TCF_RULES.includes(f.ruleId))).toEqual([]);
      expect(scans[site].code).toBe(0);
    }
  });

  it('reads the CMP API in the page: CMP id, version, policy version and gdprApplies', () => {
    for (const phase of ['pre', 'reject', 'accept'] as const) {
      expect(phaseOf(scans['tcf-compliant'].report, phase).signals?.tcf.api).toMatchObject({ via: 'page', cmpId: 300, cmpVersion: 2, tcfPolicyVersion: 5, gdprApplies: true, cmpStatus: 'loaded' });
    }
    expect(phaseOf(scans['tcf-compliant'].report, 'pre').signals?.tcf.api?.eventStatus).toBe('cmpuishown');
  });

  it('the compliant site: no string before a choice, none with consent after reject, every purpose and vendor after accept', () => {
    expect(strings('tcf-compliant', 'pre')).toEqual([]);
    const [rejected] = strings('tcf-compliant', 'reject');
    expect(rejected?.foundIn).toEqual(['api', 'cookie euconsent-v2']);
    expect(rejected?.decoded).toMatchObject({ cmpId: 300, policyVersion: 5, purposeConsents: [], vendorConsents: [], purposeLegitimateInterests: [], vendorLegitimateInterests: [] });
    const [accepted] = strings('tcf-compliant', 'accept');
    expect(accepted?.decoded).toMatchObject({ purposeConsents: ALL_PURPOSES, vendorConsents: [101, 102, 103], purposeLegitimateInterests: [2, 7, 8, 9, 10, 11], publisherCountryCode: 'FR' });
  });

  it('reads the string through the __tcfapiLocator frame when the API lives in a frame', () => {
    for (const phase of ['pre', 'reject', 'accept'] as const) expect(phaseOf(scans['tcf-frame'].report, phase).signals?.tcf.api?.via).toBe('frame');
    expect(strings('tcf-frame', 'reject').map((s) => [s.foundIn, s.decoded?.purposeConsents])).toEqual([[['api'], []]]);
    expect(strings('tcf-frame', 'accept').map((s) => [s.foundIn, s.decoded?.purposeConsents])).toEqual([[['api'], ALL_PURPOSES]]);
  });

  it('the string written on refusal: the finding names the purposes in words and the vendors', () => {
    const finding = scans['tcf-consent-on-reject'].report.findings.find((f) => f.ruleId === 'tcf-consent-after-reject');
    expect(finding?.message).toContain('3 Create profiles for personalised advertising');
    expect(finding?.evidence).toMatchObject({ foundIn: 'api, cookie euconsent-v2', purposes: ALL_PURPOSES.join(', '), vendors: '101, 102, 103' });
    expect(scans['tcf-consent-on-reject'].code).toBe(1);
  });

  it('the string before choice is in the cookie and the API while the banner is still up', () => {
    expect(strings('tcf-before-choice', 'pre').map((s) => s.foundIn)).toEqual([['api', 'cookie euconsent-v2']]);
    expect(phaseOf(scans['tcf-before-choice'].report, 'pre').signals?.tcf.api?.eventStatus).toBe('cmpuishown');
  });

  it('legitimate interest for purposes 3 to 6 is read from localStorage and reported once, as a warning', () => {
    const [rejected] = strings('tcf-li-for-ads', 'reject');
    expect(rejected?.foundIn).toEqual(['api', 'localStorage euconsent-v2']);
    expect(rejected?.decoded?.purposeLegitimateInterests).toEqual([2, 3, 4, 5, 6, 7]);
    const finding = scans['tcf-li-for-ads'].report.findings.find((f) => f.ruleId === 'tcf-legitimate-interest-for-ads');
    expect(finding).toMatchObject({ severity: 'warning', evidence: { purposes: '3, 4, 5, 6', phases: 'reject, accept' } });
  });

  it('the HTML report shows the consent signals with the IAB purpose names', () => {
    const html = readFileSync(join(scans['tcf-compliant'].out, 'report.html'), 'utf8');
    expect(html).toContain('Consent signals');
    expect(html).toContain('Measure content performance');
  });
});
