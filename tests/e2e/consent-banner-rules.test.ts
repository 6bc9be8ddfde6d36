/**
 * The banner judged, one pattern per hand-written fixture site (fixtures/sites/<host>/, the banner kit's
 * shops, manifest fixtures/manifests/banner-kit.yaml without selectors): each produces its banner finding
 * and no other, and the fair banner none. Scanned once, in one run, by the real CLI in real Chromium.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import type { PhaseEvidence } from '../../src/evidence/types.js';
import { pngSize } from '../crawl/png.js';
import { brief, manifest, scanFixture, withFixtures, type ScanResult } from './harness.js';

/** The rules that judge the banner itself, and no-reject-option (which stands in for them when refusing is impossible). */
const BANNER_RULES = [
  'reject-harder-than-accept',
  'preticked-consent',
  'reject-less-prominent',
  'ambiguous-consent-label',
  'no-withdraw-option',
  'banner-without-policy-link',
  'no-reject-option',
];

const PATTERNS: [host: string, pattern: string, findings: string[]][] = [
  ['hidden-reject.test', 'refusing only in the settings layer', ['reject-harder-than-accept reject reject']],
  ['preticked-banner.test', 'optional boxes ticked in advance', ['preticked-consent reject toggle Analytics', 'preticked-consent reject toggle Marketing']],
  ['link-reject.test', 'refusal as a small grey link in running text beside a big accept button', ['reject-less-prominent reject reject']],
  ['got-it-banner.test', 'an accept button that says "Got it"', ['ambiguous-consent-label accept accept']],
  ['no-reopen.test', 'nothing reopens the choices after consent', ['no-withdraw-option accept accept']],
  ['no-policy-link.test', 'no link to a cookie or privacy policy', ['banner-without-policy-link reject reject']],
  ['fair-banner.test', 'a fair banner: equal buttons, nothing ticked, a policy link, a footer "Cookie settings" link', []],
];

let server: FixtureServer;
let run: ScanResult;

beforeAll(async () => {
  server = await withFixtures();
  const args = ['--policy', manifest('banner-kit.yaml'), '--phases', 'pre,reject,accept', '--sites-concurrency', '3'];
  run = await scanFixture(server, PATTERNS.map(([host]) => `https://${host}/`), args);
}, 240_000);
afterAll(async () => {
  await server.close();
  if (run) rmSync(run.out, { recursive: true, force: true });
});

function siteUrl(host: string): string {
  const found = run.report.sites.find((s) => new URL(s.evidence.url).hostname === host);
  if (!found) throw new Error(`${host} not in the report`);
  return found.evidence.url;
}
function phase(host: string, name: 'reject' | 'accept'): PhaseEvidence {
  const p = run.report.sites.find((s) => s.evidence.url === siteUrl(host))?.evidence.phases.find((x) => x.phase === name);
  if (!p) throw new Error(`no ${name} phase for ${host}`);
  return p;
}
function findings(host: string) {
  return run.report.findings.filter((f) => f.site === siteUrl(host));
}

describe.each(PATTERNS)('%s: %s', (host, _pattern, expected) => {
  it(`the banner rules say exactly: ${expected.length === 0 ? 'nothing' : expected.join(', ')}`, () => {
    expect(findings(host).filter((f) => BANNER_RULES.includes(f.ruleId)).map(brief)).toEqual(expected);
  });
  it('no other error or warning: the shop operates its banner and honours the answer', () => {
    const others = findings(host).filter((f) => !BANNER_RULES.includes(f.ruleId) && f.severity !== 'info');
    expect(others.map(brief)).toEqual([]);
    for (const name of ['reject', 'accept'] as const) expect(phase(host, name).consent).toMatchObject({ method: 'heuristic', succeeded: true, bannerShownAfterConsent: false });
    expect(phase(host, 'reject').errors).toEqual([]);
  });
});

describe('the evidence behind each finding', () => {
  it('refusing through the settings took 2 clicks, accepting 1', () => {
    expect(phase('hidden-reject.test', 'reject').consent?.clicks?.map((c) => `${c.role}: ${c.text}`)).toEqual(['settings: Manage settings', 'reject: Reject all']);
    expect(findings('hidden-reject.test').find((f) => f.ruleId === 'reject-harder-than-accept')?.evidence).toMatchObject({ rejectClicks: 2, acceptClicks: 1 });
  });
  it('the first layer\u2019s checkboxes are recorded as they were before anyone touched them', () => {
    expect(phase('preticked-banner.test', 'reject').consent?.banner?.toggles?.map((t) => `${t.label}: ${t.checked ? 'on' : 'off'}${t.disabled ? ', locked' : ''}`)).toEqual([
      'Strictly necessary: on, locked',
      'Analytics: on',
      'Marketing: on',
    ]);
  });
  it('the refusal is a link with smaller, fainter text than the accept button', () => {
    const controls = phase('link-reject.test', 'reject').consent?.banner?.controls ?? [];
    const refuse = controls.find((c) => c.role === 'reject');
    const accept = controls.find((c) => c.role === 'accept');
    expect(refuse).toMatchObject({ text: 'continue without accepting', element: 'link', fontSizePx: 12 });
    expect(accept).toMatchObject({ text: 'Accept all cookies', element: 'button', fontSizePx: 20 });
    expect(refuse!.contrast).toBeLessThan(3);
    expect(accept!.contrast).toBeGreaterThan(4.5);
  });
  it('"Got it" is the control that gave consent', () => {
    expect(findings('got-it-banner.test').find((f) => f.ruleId === 'ambiguous-consent-label')?.evidence).toMatchObject({ text: 'Got it', judgedOn: 'click' });
  });
  it('after consent the page was looked at for a way back: none on no-reopen.test, the footer link elsewhere', () => {
    expect(phase('no-reopen.test', 'accept').consent?.reopen).toBeNull();
    expect(phase('fair-banner.test', 'accept').consent?.reopen).toEqual({ text: 'Cookie settings', selector: 'html > body > footer > a' });
  });
  it('the banner without a policy link records none; the fair banner its cookie policy', () => {
    expect(phase('no-policy-link.test', 'reject').consent?.banner?.policyLinks).toEqual([]);
    expect(phase('fair-banner.test', 'reject').consent?.banner?.policyLinks).toEqual([{ text: 'cookie policy', href: 'https://fair-banner.test/cookie-policy.html' }]);
  });
});

describe('the outlined screenshot', () => {
  it('is written beside report.json for each consent phase, next to the before and after ones', () => {
    for (const name of ['reject', 'accept'] as const) {
      const shots = phase('fair-banner.test', name).consent?.screenshots;
      expect(shots).toEqual({ before: `fair-banner.test-${name}-before.png`, outlined: `fair-banner.test-${name}-outlined.png`, after: `fair-banner.test-${name}-after.png` });
      const outlined = readFileSync(join(run.out, shots?.outlined ?? 'missing'));
      expect(pngSize(outlined)).toEqual({ width: 1280, height: 800 });
      // The outlines are drawn on the page for this picture only: it differs from the one before the click.
      expect(outlined.equals(readFileSync(join(run.out, shots?.before ?? 'missing')))).toBe(false);
    }
  });
  it('the HTML report shows it in the banner section', () => {
    expect(existsSync(join(run.out, 'fair-banner.test-reject-outlined.png'))).toBe(true);
    const html = readFileSync(join(run.out, 'report.html'), 'utf8');
    expect(html).toContain('controls outlined');
    expect(html).toContain('fair-banner.test-reject-outlined.png');
  });
});
