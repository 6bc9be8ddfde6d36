/**
 * Google Consent Mode v2 end to end: the Otter Outfitters sites (a banner driving gtag consent commands,
 * and a Google tag stand-in sending GA4 hits with gcs and gcd to region1.google-analytics.com) scanned with
 * the real CLI. Each site gives exactly its findings; the compliant one none of the Consent Mode rules.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { brief, manifest, phaseOf, scanFixture, withFixtures, type ScanResult } from './harness.js';

const SITES = ['gcm-compliant', 'gcm-broken', 'gcm-missing'] as const;
type Site = (typeof SITES)[number];
const CONSENT_MODE_RULES = ['consent-mode-granted-before-choice', 'consent-mode-granted-after-reject', 'consent-mode-missing'];
const ALL_DENIED = { ad_personalization: 'denied', ad_storage: 'denied', ad_user_data: 'denied', analytics_storage: 'denied' };
const ALL_GRANTED = { ad_personalization: 'granted', ad_storage: 'granted', ad_user_data: 'granted', analytics_storage: 'granted' };
const COLLECT = 'https://region1.google-analytics.com/g/collect';

const EXPECTED: Record<Site, string[]> = {
  'gcm-compliant': [],
  'gcm-broken': [
    'consent-mode-granted-before-choice pre consent-mode',
    'pre-consent-cookie pre _ga',
    'pre-consent-cookie pre _gcl_au',
    `pre-consent-tracker pre ${COLLECT}`,
    'pre-consent-tracker pre https://www.googletagmanager.com/gtm.js',
    'consent-mode-granted-after-reject reject consent-mode',
    'cookie-after-reject reject _ga',
    'cookie-after-reject reject _gcl_au',
  ],
  'gcm-missing': ['consent-mode-missing accept consent-mode'],
};

describe('Google Consent Mode signals', () => {
  let server: FixtureServer;
  const scans = {} as Record<Site, ScanResult>;
  beforeAll(async () => {
    server = await withFixtures();
    const policy = ['--policy', manifest('consent-signals/consent-mode.yaml')];
    const results = await Promise.all(SITES.map((site) => scanFixture(server, [`https://${site}.test/`], policy)));
    SITES.forEach((site, i) => (scans[site] = results[i]!));
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    for (const scan of Object.values(scans)) rmSync(scan.out, { recursive: true, force: true });
  });

  it.each(SITES.map((site) => [site]))('%s gives exactly its findings', (site) => {
    expect(scans[site].report.findings.map(brief)).toEqual(EXPECTED[site]);
  });

  it('the compliant site: denied by default and after reject, granted after accept, with a GA4 hit saying so in gcs and gcd', () => {
    const report = scans['gcm-compliant'].report;
    expect(report.findings.filter((f) => CONSENT_MODE_RULES.includes(f.ruleId))).toEqual([]);
    expect(scans['gcm-compliant'].code).toBe(0);
    expect(phaseOf(report, 'pre').signals?.consentMode).toEqual({ commands: [{ command: 'default', state: ALL_DENIED }], hits: [] });
    expect(phaseOf(report, 'reject').signals?.consentMode.commands).toEqual([
      { command: 'default', state: ALL_DENIED },
      { command: 'update', state: ALL_DENIED },
    ]);
    const accept = phaseOf(report, 'accept').signals?.consentMode;
    expect(accept?.commands.at(-1)).toEqual({ command: 'update', state: ALL_GRANTED });
    expect(accept?.hits).toEqual([{ url: COLLECT, gcs: 'G111', gcd: '11r1r1r1r5', state: ALL_GRANTED }]);
  });

  it('keeps gcs and gcd of Google requests in the evidence while the rest of the query is stripped', () => {
    const hits = phaseOf(scans['gcm-compliant'].report, 'accept').requests.filter((r) => r.url === COLLECT);
    expect(hits.map((r) => r.consentMode)).toEqual([{ gcs: 'G111', gcd: '11r1r1r1r5', state: ALL_GRANTED }]);
    expect(scans['gcm-compliant'].reportText).not.toContain('tid=G-OTTER01');
  });

  it('the broken site: a granted default before any choice, and analytics still granted after reject', () => {
    const report = scans['gcm-broken'].report;
    const before = report.findings.find((f) => f.ruleId === 'consent-mode-granted-before-choice');
    expect(before?.evidence).toMatchObject({ types: 'ad_personalization, ad_storage, ad_user_data, analytics_storage' });
    expect(before?.message).toContain("gtag('consent', 'default') grants");
    expect(before?.message).toContain('region1.google-analytics.com/g/collect (G111 11t1t1t1t5)');
    const after = report.findings.find((f) => f.ruleId === 'consent-mode-granted-after-reject');
    expect(after?.severity).toBe('error');
    expect(phaseOf(report, 'reject').signals?.consentMode.commands.at(-1)).toEqual({
      command: 'update',
      state: { ad_personalization: 'denied', ad_storage: 'denied', ad_user_data: 'denied' },
    });
  });

  it('the site without Consent Mode: Google tags run after accept with no state, one warning', () => {
    const finding = scans['gcm-missing'].report.findings[0];
    expect(finding).toMatchObject({ severity: 'warning', evidence: { hosts: 'region1.google-analytics.com, www.googletagmanager.com' } });
    expect(scans['gcm-missing'].code).toBe(0);
  });
});
