/**
 * A page that stops answering cannot be proved to have no banner. frozen-page.test blocks its main thread on
 * a synchronous request that never ends, just after load: before, the look went on for minutes (each gesture
 * waited on a renderer that never took it) and then said "no banner", exit 0. busy-start.test keeps its main
 * thread for 5 s after load and then draws its banner: a page busy for a while has not stopped, and its
 * banner is still found and operated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import type { PhaseEvidence } from '../../src/evidence/types.js';
import { brief, manifest, scanFixture, withFixtures, type ScanResult } from './harness.js';

const FROZEN = 'https://frozen-page.test/';
const BUSY = 'https://busy-start.test/';

let server: FixtureServer;
let result: ScanResult;
beforeAll(async () => {
  server = await withFixtures();
  // One site at a time: the frozen page keeps a core busy in each of its three contexts.
  result = await scanFixture(server, [FROZEN, BUSY], ['--policy', manifest('banner-kit.yaml'), '--max-pages', '1', '--sites-concurrency', '1', '--timeout', '60000']);
}, 600_000);
afterAll(() => server?.close());

function phase(url: string, name: 'pre' | 'reject' | 'accept'): PhaseEvidence {
  const found = result.report.sites.find((s) => s.evidence.url === url)?.evidence.phases.find((p) => p.phase === name);
  if (!found) throw new Error(`no ${name} phase for ${url}`);
  return found;
}

describe('a page that freezes after load', () => {
  it('gets no banner verdict in any phase: each says the page stopped answering, and the audit is incomplete', () => {
    expect(result.code).toBe(3);
    for (const name of ['pre', 'reject', 'accept'] as const) {
      const p = phase(FROZEN, name);
      expect(p.errors.map((e) => `${e.kind}: ${e.message}`), name).toEqual([
        'browser: the page stopped answering while cookie-audit looked for a consent banner (not one read in 60 s: its main thread never yielded): no banner could be looked for',
      ]);
      expect(p.consent, name).toBeUndefined();
      expect(p.bannerSearch, name).toBeUndefined();
    }
    expect(result.report.summary.incomplete).toContain(
      `${FROZEN}: the page stopped answering while cookie-audit looked for a consent banner (not one read in 60 s: its main thread never yielded): no banner could be looked for`,
    );
    const frozenFindings = result.report.findings.filter((f) => f.site === FROZEN).map(brief);
    expect(frozenFindings.filter((f) => f.startsWith('no-consent-banner'))).toEqual([]);
  });

  it('still reports what the page set before it froze', () => {
    expect(phase(FROZEN, 'pre').cookies.map((c) => c.name)).toContain('glacier_session');
  });
});

describe('a page busy for 5 s after load, then a banner', () => {
  it('is waited for: both choices are made on its banner, with no error', () => {
    for (const [name, click] of [['reject', 'reject: Alle ablehnen'], ['accept', 'accept: Alle akzeptieren']] as const) {
      const p = phase(BUSY, name);
      expect(p.errors, name).toEqual([]);
      expect(p.consent, `${name}: ${p.consent?.tried?.join(' | ')}`).toMatchObject({ method: 'heuristic', succeeded: true, bannerShownAfterConsent: false });
      expect((p.consent?.clicks ?? []).map((c) => `${c.role}: ${c.text}`)).toEqual([click]);
    }
    expect(phase(BUSY, 'pre').bannerSearch?.seen).toBe(true);
    expect(result.report.findings.filter((f) => f.site === BUSY && f.ruleId === 'cookie-after-reject').map((f) => f.item.name)).toContain('_fbp');
  });
});
