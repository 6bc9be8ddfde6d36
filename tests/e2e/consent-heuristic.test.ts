/**
 * Banners no consent platform library draws and no manifest names: cookie-audit's own heuristic finds
 * them by their words and operates them. One site per shape (fixtures/sites/*-banner.test, two-layer.test,
 * accept-only.test, newsletter.test, stuck-banner.test), all under one manifest without selectors
 * (fixtures/manifests/banner-kit.yaml). Each test says which control was clicked and which cookies follow,
 * and what the banner rules (issue 12) say of the banner. The banner rules' own fixtures: consent-banner-rules.test.ts.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import type { PhaseEvidence } from '../../src/evidence/types.js';
import { brief, manifest, scanFixture, withFixtures, type ScanResult } from './harness.js';

const SITES = [
  'bar-banner.test',
  'dialog-banner.test',
  'de-banner.test',
  'fr-banner.test',
  'shadow-banner.test',
  'frame-banner.test',
  'two-layer.test',
  'accept-only.test',
  'newsletter.test',
];

let server: FixtureServer;
let shops: ScanResult;
let stuck: ScanResult;
let phone: ScanResult;

beforeAll(async () => {
  server = await withFixtures();
  const args = ['--policy', manifest('banner-kit.yaml'), '--phases', 'pre,reject,accept', '--sites-concurrency', '3'];
  shops = await scanFixture(server, SITES.map((host) => `https://${host}/`), args);
  stuck = await scanFixture(server, ['https://stuck-banner.test/'], args);
  phone = await scanFixture(server, ['https://bar-banner.test/'], [...args, '--device', 'iPhone 13']);
}, 300_000);
afterAll(async () => {
  await server.close();
  for (const run of [shops, stuck, phone]) if (run) rmSync(run.out, { recursive: true, force: true });
});

function site(host: string, run = shops) {
  const found = run.report.sites.find((s) => new URL(s.evidence.url).hostname === host);
  if (!found) throw new Error(`${host} not in the report`);
  return found;
}
function phase(host: string, name: 'pre' | 'reject' | 'accept', run = shops): PhaseEvidence {
  const p = site(host, run).evidence.phases.find((x) => x.phase === name);
  if (!p) throw new Error(`no ${name} phase for ${host}`);
  return p;
}
const cookies = (p: PhaseEvidence) => p.cookies.map((c) => c.name).sort();
const clicked = (p: PhaseEvidence) => (p.consent?.clicks ?? []).map((c) => `${c.role}: ${c.text}`);
/** The errors and warnings of one site (infos such as declared-not-observed aside). */
function problems(host: string, run = shops): string[] {
  return run.report.findings.filter((f) => f.site === site(host, run).evidence.url && f.severity !== 'info').map(brief);
}

describe('a hand-written bottom bar: plain "Accept all" / "Reject all" buttons, no ids', () => {
  it('is found before consent and clicked by its words in both consent phases', () => {
    expect(phase('bar-banner.test', 'pre').bannerSearch).toMatchObject({ seen: true, platform: null });
    const reject = phase('bar-banner.test', 'reject').consent;
    expect(reject).toMatchObject({ method: 'heuristic', succeeded: true, bannerShownAfterConsent: false });
    expect(clicked(phase('bar-banner.test', 'reject'))).toEqual(['reject: Reject all']);
    expect(reject?.banner?.controls.map((c) => `${c.role}: ${c.text}`)).toEqual(['accept: Accept all', 'reject: Reject all']);
    expect(reject?.selector).toMatch(/button/);
    expect(clicked(phase('bar-banner.test', 'accept'))).toEqual(['accept: Accept all']);
  });

  it('reports the Meta pixel the shop loads after a refusal, and that nothing reopens the choices after consent', () => {
    expect(cookies(phase('bar-banner.test', 'reject'))).toEqual(['_fbp', 'fr', 'kit_consent']);
    expect(problems('bar-banner.test')).toEqual(['cookie-after-reject reject _fbp', 'cookie-after-reject reject fr', 'no-withdraw-option accept accept']);
    expect(phase('bar-banner.test', 'accept').consent?.reopen).toBeNull();
  });
});

describe.each([
  ['dialog-banner.test', 'a modal <dialog>', 'I disagree', 'I agree', ['_ga', '_gid', 'kit_consent']],
  ['de-banner.test', 'a German banner', 'Nur notwendige Cookies', 'Alle akzeptieren', ['_fbp', '_ga', '_gid', 'fr', 'kit_consent']],
  ['fr-banner.test', 'a French banner of links styled as buttons', 'Tout refuser', 'Tout accepter', ['_fbp', '_ga', '_gid', 'fr', 'kit_consent']],
  ['shadow-banner.test', 'a banner in an open shadow root', 'Decline', 'Allow all', ['_fbp', '_ga', '_gid', 'fr', 'kit_consent']],
  ['frame-banner.test', 'a banner in a cross-origin iframe of a consent host', 'Reject all', 'Accept all', ['_fbp', '_ga', '_gid', 'fr', 'kit_consent']],
])('%s, %s', (host, _what, refuse, agree, accepted) => {
  it(`refuses with "${refuse}": only the choice is stored`, () => {
    const reject = phase(host, 'reject');
    expect(reject.consent).toMatchObject({ method: 'heuristic', succeeded: true });
    expect(clicked(reject)).toEqual([`reject: ${refuse}`]);
    expect(cookies(reject)).toEqual(['kit_consent']);
  });
  it(`accepts with "${agree}": the site's tags follow`, () => {
    const accept = phase(host, 'accept');
    expect(clicked(accept)).toEqual([`accept: ${agree}`]);
    expect(cookies(accept)).toEqual(accepted);
  });
  it('is compliant: no error or warning', () => {
    expect(problems(host)).toEqual([]);
  });
});

describe('where the banner lives', () => {
  it('the shadow-root banner is recorded as such, with a selector through its host', () => {
    const banner = phase('shadow-banner.test', 'reject').consent?.banner;
    expect(banner?.inShadowRoot).toBe(true);
    expect(banner?.selector).toContain('privacy-banner >> ');
  });
  it('the framed banner names the consent host frame it was operated in', () => {
    expect(phase('frame-banner.test', 'reject').consent?.banner?.frameUrl).toBe('https://consenthub.test/banner.html');
  });
  it('the German banner links to its privacy policy', () => {
    expect(phase('de-banner.test', 'reject').consent?.banner?.policyLinks.map((l) => l.text)).toEqual(['Datenschutzerklärung']);
  });
});

describe.each([
  ['dialog-banner.test', 'Privacy settings'],
  ['de-banner.test', 'Cookie-Einstellungen'],
  ['fr-banner.test', 'Gérer les cookies'],
  ['shadow-banner.test', 'Cookie settings'],
  ['frame-banner.test', 'Manage consent'],
])('after consent on %s', (host, link) => {
  it(`its footer link "${link}" is recorded as the way back to the choices, not taken for the banner coming back`, () => {
    for (const name of ['reject', 'accept'] as const) {
      expect(phase(host, name).consent).toMatchObject({ bannerShownAfterConsent: false, reopen: { text: link, selector: expect.stringContaining('footer') } });
    }
  });
});

describe('a two-layer banner: "Accept" and "Customise" first, toggles on by default, "Save choices"', () => {
  it('refuses through the settings: both optional toggles switched off, then saved', () => {
    const reject = phase('two-layer.test', 'reject');
    expect(clicked(reject)).toEqual(['settings: Customise', 'toggle: Analytics', 'toggle: Marketing', 'save: Save choices']);
    expect(reject.consent?.clicks?.map((c) => c.layer)).toEqual(['first', 'second', 'second', 'second']);
    expect(reject.consent?.succeeded).toBe(true);
    expect(cookies(reject)).toEqual(['kit_consent']);
  });
  it('records the toggles as they were before anyone touched them', () => {
    expect(phase('two-layer.test', 'reject').consent?.banner?.toggles).toEqual([
      expect.objectContaining({ label: 'Strictly necessary', checked: true, disabled: true, category: 'necessary' }),
      expect.objectContaining({ label: 'Analytics', checked: true, disabled: false, category: 'analytics' }),
      expect.objectContaining({ label: 'Marketing', checked: true, disabled: false, category: 'marketing' }),
    ]);
  });
  it('accepts in one click', () => {
    expect(clicked(phase('two-layer.test', 'accept'))).toEqual(['accept: Accept']);
    expect(cookies(phase('two-layer.test', 'accept'))).toEqual(['_fbp', '_ga', '_gid', 'fr', 'kit_consent']);
  });
  it('is judged for its banner: both toggles ticked in advance, refusing takes 4 clicks to accepting\'s 1, no way back after consent', () => {
    expect(problems('two-layer.test')).toEqual([
      'preticked-consent reject toggle Analytics',
      'preticked-consent reject toggle Marketing',
      'reject-harder-than-accept reject reject',
      'no-withdraw-option accept accept',
    ]);
  });
});

describe('a banner whose only control is "OK"', () => {
  it('is not refused (nothing to click): the reject phase records refusal "impossible"', () => {
    const reject = phase('accept-only.test', 'reject');
    expect(reject.consent).toMatchObject({ method: 'heuristic', succeeded: false, bannerSeen: true, refusal: 'impossible' });
    expect(clicked(reject)).toEqual([]);
    expect(cookies(reject)).toEqual([]);
  });
  it('is a finding about the site (no-reject-option), not an incomplete audit, and no-consent-banner stays silent', () => {
    const mine = problems('accept-only.test');
    expect(mine).toContain('no-reject-option reject reject');
    expect(mine.filter((f) => f.startsWith('no-consent-banner') || f.startsWith('consent-not-applied'))).toEqual([]);
    expect(shops.report.summary.incomplete.filter((r) => r.includes('accept-only.test'))).toEqual([]);
  });
  it('accepting clicks "OK"', () => {
    expect(clicked(phase('accept-only.test', 'accept'))).toEqual(['accept: OK']);
  });
  it('"OK" does not say it gives consent, and nothing reopens the choices; the refusal rules leave it to no-reject-option', () => {
    expect(problems('accept-only.test')).toEqual(['no-reject-option reject reject', 'ambiguous-consent-label accept accept', 'no-withdraw-option accept accept']);
  });
});

describe('a newsletter popup and a chat widget are not consent banners', () => {
  it('neither is clicked: no newsletter opt-in in any phase, no banner recorded', () => {
    for (const name of ['pre', 'reject', 'accept'] as const) expect(cookies(phase('newsletter.test', name))).not.toContain('nl_optin');
    expect(phase('newsletter.test', 'pre').bannerSearch).toMatchObject({ seen: false });
    for (const name of ['reject', 'accept'] as const) expect(phase('newsletter.test', name).consent).toMatchObject({ method: 'none', bannerSeen: false });
  });
  it('the site, which has no banner, gets no-consent-banner', () => {
    expect(problems('newsletter.test')).toContain('no-consent-banner reject reject');
  });
  it('and since its policy declares analytics and marketing, neither consent phase passes: the audit is incomplete for it, saying what was looked for', () => {
    const reasons = shops.report.summary.incomplete.filter((r) => r.startsWith('https://newsletter.test/'));
    expect(reasons.map((r) => r.slice(0, r.indexOf(':', 'https://'.length)))).toEqual(['https://newsletter.test/', 'https://newsletter.test/']);
    expect(reasons[0]).toContain('the accept phase could not accept consent: no consent banner was found to give consent on, yet the policy declares what needs consent (_ga (analytics)');
    expect(reasons[1]).toContain('the reject phase could not refuse consent: no consent banner was found to refuse consent on');
    expect(reasons[1]).toContain('tried what a visitor does: mouse movement, scroll, focus');
    expect(reasons[1]).toContain('say consent: { banner: none } in the manifest');
  });
});

describe('a banner that is there but cannot be operated', () => {
  it('never passes: the audit is incomplete (exit 3), naming the site, the phase and what was tried', () => {
    expect(stuck.code).toBe(3);
    const reasons = stuck.report.summary.incomplete;
    expect(reasons).toContain(
      'https://stuck-banner.test/: the reject phase could not refuse consent: The banner\'s "Reject all" button was clicked, but the banner stayed open: consent could not be refused.',
    );
    expect(reasons.some((r) => r.startsWith('https://stuck-banner.test/: the accept phase could not accept consent'))).toBe(true);
    expect(phase('stuck-banner.test', 'reject', stuck).consent).toMatchObject({ method: 'heuristic', succeeded: false, bannerSeen: true });
  });
});

describe('the run of all the shops', () => {
  it('is complete for every shop with a banner, and incomplete (exit 3) only for the one without', () => {
    expect(shops.report.summary.incomplete.filter((r) => !r.startsWith('https://newsletter.test/'))).toEqual([]);
    expect(shops.code).toBe(3);
  });
});

describe('--device: the same shop on a phone', () => {
  it('is visited as the device (recorded in report.json) and its banner is operated there too', () => {
    expect(phone.report.options.device).toBe('iPhone 13');
    expect(clicked(phase('bar-banner.test', 'reject', phone))).toEqual(['reject: Reject all']);
    const pages = server.requests.filter((r) => r.host === 'bar-banner.test' && /iPhone/.test(r.headers['user-agent'] ?? ''));
    expect(pages.length).toBeGreaterThan(0);
  });
});
