/**
 * A banner whose "Reject all" only closes it: the refusal is stored nowhere, the banner is back after the
 * reload, and the reject phase says the choice did not take (consent-not-applied) and, since the phase never
 * saw the refusal applied, the audit is incomplete (exit 3). Accepting works. The same holds for a consent
 * platform's banner operated by autoconsent (Klaro, whose stored refusal the site throws away), on a quick
 * reload and on a slow one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { brief, manifest, phaseOf, scanFixture, withFixtures, type ScanResult } from './harness.js';

let server: FixtureServer;
let result: ScanResult;
let klaro: ScanResult;
let slow: ScanResult;

beforeAll(async () => {
  server = await withFixtures();
  [result, klaro, slow] = await Promise.all([
    scanFixture(server, ['https://forgetful-banner.test/'], ['--policy', manifest('forgetful-banner.yaml')]),
    scanFixture(server, ['https://klaro-forgetful.test/'], ['--policy', manifest('consent-libraries/klaro.yaml')]),
    scanFixture(server, ['https://klaro-forgetful-slow.test/'], ['--policy', manifest('consent-libraries/klaro.yaml')]),
  ]);
}, 120_000);
afterAll(() => server.close());

describe('a banner that forgets a refusal', () => {
  it('reports consent-not-applied for the reject phase only, as a warning', () => {
    expect(result.report.findings.map(brief)).toEqual(['consent-not-applied reject reject']);
    const [finding] = result.report.findings;
    expect(finding?.severity).toBe('warning');
    expect(finding?.message).toBe(
      "Rejecting all through the manifest's consent.reject (#reject-all) did not take effect: the banner was still shown after the click, or came back after the reload. " +
        'The reject phase shows a visitor whose choice was not applied; make the banner store the choice and close.',
    );
    // A refusal that did not stick leaves the reject phase without its answer: the audit is incomplete,
    // never a pass (a warning alone would not fail the default --fail-on error).
    expect(result.code).toBe(3);
    expect(result.report.summary.incomplete).toEqual([
      "https://forgetful-banner.test/: the reject phase's choice did not stick: the banner was still shown after the click or came back after the reload",
    ]);
  });

  it('records the click, then the banner back after the reload; accepting stays closed', () => {
    const reject = phaseOf(result.report, 'reject').consent;
    expect(reject).toMatchObject({ method: 'selector', succeeded: true, bannerShownAfterConsent: true });
    expect(reject?.tried).toContain('after the reload, "#reject-all" is shown again');
    const accept = phaseOf(result.report, 'accept').consent;
    expect(accept).toMatchObject({ method: 'selector', succeeded: true, bannerShownAfterConsent: false });
    expect(phaseOf(result.report, 'accept').cookies.map((c) => c.name)).toEqual(['tide_consent']);
  });
});

describe('a consent platform\'s banner that forgets a refusal (Klaro, operated by autoconsent)', () => {
  it('sees the Klaro banner back after the reload in the reject phase: consent-not-applied, and the audit is incomplete', () => {
    const reject = phaseOf(klaro.report, 'reject').consent;
    expect(reject).toMatchObject({ method: 'autoconsent', platform: 'Klaro', succeeded: true, bannerShownAfterConsent: true });
    expect(reject?.tried).toContain('after the reload, the Klaro banner opened again');
    expect(klaro.report.findings.map(brief)).toContain('consent-not-applied reject reject');
    expect(klaro.code).toBe(3);
    expect(klaro.report.summary.incomplete).toEqual([
      "https://klaro-forgetful.test/: the reject phase's choice did not stick: the banner was still shown after the click or came back after the reload",
    ]);
  });

  it('keeps an acceptance: the accept phase\'s banner stays closed and its cookies follow', () => {
    const accept = phaseOf(klaro.report, 'accept');
    expect(accept.consent).toMatchObject({ method: 'autoconsent', platform: 'Klaro', succeeded: true, bannerShownAfterConsent: false });
    expect(accept.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['klaro', '_ga', '_fbp']));
    expect(klaro.report.findings.filter((f) => f.phase === 'accept' && f.ruleId === 'consent-not-applied')).toEqual([]);
  });

  it('hears the banner come back on a slow reload too: autoconsent reports it after the first window closed', () => {
    // The reloaded page waits 2.5 s for a blocking script: what autoconsent says of it comes after the watch
    // begun with the reload has given up, and the check after the reload listens again from then.
    const reject = phaseOf(slow.report, 'reject').consent;
    expect(reject).toMatchObject({ method: 'autoconsent', platform: 'Klaro', succeeded: true, bannerShownAfterConsent: true });
    expect(reject?.tried).toContain('after the reload, the Klaro banner opened again');
    expect(slow.code).toBe(3);
    expect(phaseOf(slow.report, 'accept').consent).toMatchObject({ method: 'autoconsent', succeeded: true, bannerShownAfterConsent: false });
  });
});
