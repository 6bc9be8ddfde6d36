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

  it('prints', () => {
    for (const site of SITES) console.log(site, scans[site].report.findings.map(brief), JSON.stringify(scans[site].report.sites[0]!.evidence.phases.map((p) => [p.phase, p.signals?.consentMode, p.requests.filter((r) => r.consentMode)])), scans[site].stderr.slice(0, 300));
  });
});
