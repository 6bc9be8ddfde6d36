/** The two sites modelled on real published policies: a SaaS CRM using Stripe, and a point of sale using Razorpay and Meta. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { brief, manifest, phaseOf, scanFixture, withFixtures, type ScanResult } from './harness.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await withFixtures();
});
afterAll(() => server.close());

describe('Orion CRM', () => {
  let result: ScanResult;
  beforeAll(async () => {
    result = await scanFixture(server, ['https://app.orion-crm.test/', 'https://app.orion-crm.test/billing.html'], ['--policy', manifest('orion-crm.yaml')]);
  });

  it('reports _orion_metrics as cookie-after-reject in the reject phase, and nothing else as an error', () => {
    expect(result.code).toBe(1);
    expect(result.report.findings.map(brief)).toEqual([
      'insecure-cookie pre __stripe_sid',
      'cookie-after-reject reject _orion_metrics',
      'declared-not-observed - orion_remember',
    ]);
    const finding = result.report.findings.find((f) => f.ruleId === 'cookie-after-reject');
    expect(finding).toMatchObject({ page: 'https://app.orion-crm.test/', item: { type: 'cookie', name: '_orion_metrics', domain: 'app.orion-crm.test' } });
    expect(finding?.declaration).toMatchObject({ kind: 'cookie', name: '_orion_metrics', category: 'analytics' });
  });

  it("captures Stripe's first-party cookies with the Stripe script as their setter", () => {
    const mid = phaseOf(result.report, 'pre').cookies.find((c) => c.name === '__stripe_mid');
    expect(mid).toMatchObject({ domain: '.orion-crm.test', party: 'first', setBy: { kind: 'script', url: 'https://js.stripe.com/v3/' } });
    expect(mid?.lifetimeSeconds).toBeGreaterThan(364 * 86400);
    // The known-cookie database agrees with the manifest: Stripe's fraud-prevention cookie is necessary (no category-mismatch).
    expect(mid?.classification).toEqual({ category: 'necessary', source: 'manifest', vendor: 'Stripe' });
    expect(phaseOf(result.report, 'pre').requests.find((r) => r.url === 'https://js.stripe.com/v3/')?.tracker).toMatchObject({ organisation: 'Stripe', category: 'necessary' });
  });

  it("captures the storage of Stripe's third-party iframe in its own origin", () => {
    const entry = phaseOf(result.report, 'pre').storage.find((s) => s.key === '__stripe_orig_props');
    expect(entry).toMatchObject({ type: 'localStorage', origin: 'https://js.stripe.com', party: 'third' });
  });

  it('visits every page of the site in every phase', () => {
    for (const phase of ['pre', 'reject', 'accept'] as const) {
      expect(phaseOf(result.report, phase).pages.map((p) => [p.url, p.ok, p.status])).toEqual([
        ['https://app.orion-crm.test/', true, 200],
        ['https://app.orion-crm.test/billing.html', true, 200],
      ]);
    }
  });
});

describe('Till Works POS', () => {
  let result: ScanResult;
  beforeAll(async () => {
    result = await scanFixture(server, ['https://pos.till-works.test/'], ['--policy', manifest('pos.yaml')]);
  });

  it('warns that _analytics outlives its declared 90 days, with declared, stored and requested lifetimes', () => {
    expect(result.code).toBe(0);
    expect(result.report.findings.map(brief)).toEqual(['expiry-exceeds-declared accept _analytics']);
    expect(result.report.findings[0]?.evidence).toMatchObject({ declaredSeconds: 90 * 86400, requestedSeconds: 365 * 86400 });
  });

  it("captures the Meta pixel's fr cookie on .facebook.com as a third-party cookie set by the pixel response", () => {
    const fr = phaseOf(result.report, 'accept').cookies.find((c) => c.name === 'fr');
    expect(fr).toMatchObject({
      domain: '.facebook.com',
      party: 'third',
      secure: true,
      httpOnly: true,
      sameSite: 'None',
      setBy: { kind: 'header', url: 'https://www.facebook.com/tr' },
      requestedLifetimeSeconds: 7776000,
    });
    expect(phaseOf(result.report, 'pre').cookies.map((c) => c.name)).not.toContain('fr');
  });

  it('with --block-third-party-cookies the pixel cannot set fr', async () => {
    const blocked = await scanFixture(server, ['https://pos.till-works.test/'], ['--policy', manifest('pos.yaml'), '--phases', 'accept', '--block-third-party-cookies']);
    const names = phaseOf(blocked.report, 'accept').cookies.map((c) => c.name);
    expect(names).toContain('_fbp');
    expect(names).not.toContain('fr');
  });
});
