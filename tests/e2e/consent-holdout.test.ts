/**
 * The held-out shops of the unseen-banner fixtures (issues 21, 26 and 22): hand-written banners made differently
 * from every shop of consent-unseen.test.ts, kept out of sight while the consent stage was changed, and checked at
 * the end to show the change is general rather than fitted to the fixtures it was developed against:
 * - holdout-soukromi.test, one of the causes 1–4 (issues 21 and 26);
 * - livraria-modulo.test, a banner that answers a gesture late, by a module import (issue 22: the look no longer
 *   waits a fixed time after a gesture the page ignored).
 * Same policy (fixtures/manifests/unseen-banners.yaml), same expectations as every shop there: only shop_session
 * before a choice; after a refusal the one tracker its mistake loads, reported as cookie-after-reject; Google
 * Analytics and the Meta pixel after "accept"; the choice sticks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { brief, manifest, phaseByHost, scanFixture, siteByHost, withFixtures, type ScanResult } from './harness.js';

const HELD_OUT = [
  { host: 'holdout-soukromi.test', afterReject: '_fbp' },
  { host: 'livraria-modulo.test', afterReject: '_fbp' },
];

let server: FixtureServer;
let result: ScanResult;
beforeAll(async () => {
  server = await withFixtures();
  result = await scanFixture(server, HELD_OUT.map((s) => `https://${s.host}/`), ['--policy', manifest('unseen-banners.yaml'), '--max-pages', '1']);
}, 300_000);
afterAll(() => server?.close());

for (const { host, afterReject } of HELD_OUT) {
  describe(host, () => {
    const findings = () => result.report.findings.filter((f) => f.site === siteByHost(result.report, host).evidence.url);

    it('the held-out banner is refused and accepted by the heuristic, and the choice sticks', () => {
      for (const action of ['reject', 'accept'] as const) {
        const consent = phaseByHost(result.report, host, action).consent;
        expect(consent, `${action}: ${consent?.note}\n${(consent?.tried ?? []).join('\n')}`).toMatchObject({
          action,
          method: 'heuristic',
          succeeded: true,
          bannerShownAfterConsent: false,
        });
      }
    });

    it(`the held-out banner is refused: cookie-after-reject reports ${afterReject}`, () => {
      expect(findings().map(brief)).toContain(`cookie-after-reject reject ${afterReject}`);
    });

    it('the held-out shop: nothing but the session cookie before a choice', () => {
      expect(phaseByHost(result.report, host, 'pre').cookies.map((c) => c.name)).toEqual(['shop_session']);
    });

    it('the held-out banner is accepted: Google Analytics and the Meta pixel set _ga and _fbp', () => {
      expect(phaseByHost(result.report, host, 'accept').cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['_ga', '_fbp']));
    });

    it('the held-out shop is not reported as a site without a banner, nor left incomplete', () => {
      expect(findings().filter((f) => f.ruleId === 'no-consent-banner').map(brief)).toEqual([]);
      expect(result.report.summary.incomplete.filter((line) => line.includes(host))).toEqual([]);
    });
  });
}
