/**
 * Reading published cookie policies: the three fixture pages (a consent-platform-style table, prose
 * lists, a privacy policy with a short cookie section) must each give exactly the manifest below.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSitesDir } from '../../fixtures/server.js';
import { cookieName, draftYaml, extractPolicy, forbiddenCategory, lifetimeIn, type DraftManifest } from '../../src/policy/extract.js';
import { parsePolicy } from '../../src/policy/load.js';

const page = (path: string) => readFileSync(join(defaultSitesDir(), path), 'utf8');
const BANNER = { beforeConsent: ['necessary'], accept: { selector: '#accept-all' }, reject: { selector: '#reject-all' } };

const expected: Record<string, DraftManifest> = {
  // Cookiebot-style declaration tables, one per category.
  'app.orion-crm.test/cookie-policy.html': {
    site: 'Orion CRM',
    consent: BANNER as DraftManifest['consent'],
    categories: { marketing: 'forbidden' },
    cookies: [
      { name: 'orion_session', category: 'necessary', expires: 'session', provider: 'Orion', purpose: 'Keeps you signed in while you work in Orion.' },
      { name: 'orion_remember', category: 'necessary', expires: '30 days', provider: 'Orion', purpose: 'Keeps you signed in when you tick "Keep me signed in".' },
      { name: 'orion_consent', category: 'necessary', expires: '1 year', provider: 'Orion', purpose: 'Stores the cookie choices you made in our banner.' },
      { name: '__stripe_mid', category: 'necessary', expires: '1 year', provider: 'Stripe', purpose: 'Fraud prevention: recognises the device across payments.' },
      { name: '__stripe_sid', category: 'necessary', expires: '30 minutes', provider: 'Stripe', purpose: 'Fraud prevention: groups the requests of one visit.' },
      { name: '_orion_metrics', category: 'analytics', expires: '1 year', provider: 'Orion', purpose: 'A pseudonymous identifier for our own product analytics.' },
    ],
    storage: [{ key: '__stripe_orig_props', type: 'localStorage', category: 'necessary', purpose: 'Fraud prevention: where a payment flow started.' }],
    thirdParties: [{ name: 'Stripe', domains: ['stripe.com', 'stripe.network'], category: 'necessary' }],
  },
  // "name — purpose. Lifetime." lists under category headings; it forgets `lang`.
  'pos.till-works.test/legal/cookies.html': {
    site: 'Till Works',
    consent: BANNER as DraftManifest['consent'],
    categories: {},
    cookies: [
      { name: 'auth_token', category: 'necessary', expires: 'session', purpose: 'JWT authentication token.' },
      { name: 'refresh_token', category: 'necessary', expires: '24 hours', purpose: 'Renews your sign-in without asking for the PIN again.' },
      { name: 'session_id', category: 'necessary', expires: 'session', purpose: 'Links this till screen to its server-side session.' },
      { name: 'cookie_consent', category: 'necessary', expires: '1 year', purpose: 'Remembers the choice you made in our cookie banner.' },
      { name: 'user_prefs', category: 'functional', expires: '30 days', purpose: 'Remembers the theme and whether products show as a grid or a list.' },
      { name: '_analytics', category: 'analytics', expires: '90 days', purpose: 'An anonymous installation ID that lets us count how Till Works is used.' },
      { name: '_fbp', category: 'marketing', expires: '90 days', provider: 'Meta', purpose: 'Identifies your browser to Meta so an ad visit can be matched to a sign-up.' },
    ],
    storage: [{ key: 'rzp_device_id', type: 'localStorage', category: 'necessary', purpose: 'Set by Razorpay to spot fraudulent card payments.' }],
    thirdParties: [
      { name: 'Razorpay', domains: ['razorpay.com'], category: 'necessary' },
      { name: 'Meta', domains: ['facebook.com', 'facebook.net'], category: 'marketing' },
    ],
  },
  // A privacy policy: only its "Cookies" section declares anything; bold labels give the categories.
  'demo-shop.test/privacy.html': {
    site: 'Demo Shop',
    consent: BANNER as DraftManifest['consent'],
    // "We do not use analytics cookies unless you accept them" forbids nothing.
    categories: {},
    cookies: [
      { name: 'session_id', category: 'necessary', expires: 'session', purpose: 'Keeps your visit together from page to page.' },
      { name: 'cart_id', category: 'necessary', expires: '30 days', purpose: 'Remembers what is in your basket for 30 days.' },
      { name: 'consent', category: 'necessary', expires: '180 days', purpose: 'Remembers whether you accepted or rejected optional cookies, for 180 days.' },
      { name: '_ga', category: 'analytics', expires: '1 year', purpose: 'Tells visitors apart so we can count them.' },
      { name: '_gid', category: 'analytics', expires: '24 hours', purpose: 'Tells visitors apart within a day.' },
    ],
    storage: [],
    thirdParties: [
      { name: 'Google Analytics', domains: ['google-analytics.com'], category: 'analytics' },
      { name: 'Meta', domains: ['facebook.com', 'facebook.net'], category: 'marketing' },
    ],
  },
};

describe('policy extract on the fixture policy pages', () => {
  it.each(Object.keys(expected))('%s drafts the expected manifest, entry by entry', (path) => {
    const { manifest } = extractPolicy(page(path));
    const want = expected[path]!;
    expect(manifest.site).toBe(want.site);
    expect(manifest.consent).toEqual(want.consent);
    expect(manifest.categories).toEqual(want.categories);
    expect(manifest.cookies.map((c) => c.name)).toEqual(want.cookies.map((c) => c.name));
    want.cookies.forEach((cookie, i) => expect(manifest.cookies[i], cookie.name).toEqual(cookie));
    expect(manifest.storage).toEqual(want.storage);
    expect(manifest.thirdParties).toEqual(want.thirdParties);
  });

  it.each(Object.keys(expected))('%s gives a draft the policy loader accepts, with the guesses marked', (path) => {
    const result = extractPolicy(page(path));
    const yaml = draftYaml(result, `https://${path}`);
    expect(yaml.startsWith(`# Draft policy manifest read from https://${path}\n`)).toBe(true);
    const policy = parsePolicy(yaml, 'draft.yaml');
    expect(policy.cookies.map((c) => c.name)).toEqual(expected[path]!.cookies.map((c) => c.name));
    expect(policy.cookies.every((c) => c.expiresSeconds !== undefined)).toBe(true);
    expect(yaml).toContain("# review: selectors of the consent banner's buttons found on the page: check them");
    expect(yaml.match(/# review: domains from cookie-audit's list of known providers/g)).toHaveLength(expected[path]!.thirdParties.length);
  });

  it('reads only the cookie section of a privacy policy', () => {
    const names = extractPolicy(page('demo-shop.test/privacy.html')).manifest.cookies.map((c) => c.name);
    for (const notACookie of ['Account', 'Orders', 'Support', 'Access', 'Erasure', 'Objection']) expect(names).not.toContain(notACookie);
  });
});

describe('reading policy prose', () => {
  it.each([
    ['Session duration.', 'session'],
    ['Deleted when you close your browser.', 'session'],
    ['Expires after 24 hours.', '24 hours'],
    ['30 days', '30 days'],
    ['1 year', '1 year'],
    ['one year', '1 year'],
    ['Lasts a year.', '1 year'],
    ['13 months', '13 months'],
    ['2 yrs', '2 years'],
    ['24h', '24 hours'],
    ['Keeps your session for 30 days.', '30 days'],
    ['Tells visitors apart within a day. 24 hours.', '24 hours'],
    ['Persistent', undefined],
    ['Remembers the theme and whether products show as a grid or a list.', undefined],
    ['so an ad visit can be matched', undefined],
  ])('lifetime of %j is %j', (text, lifetime) => {
    expect(lifetimeIn(text)).toBe(lifetime);
  });

  it.each([
    ['We do not use targeting or advertising cookies.', 'marketing'],
    ['Orion does not use advertising or cross-site tracking cookies.', 'marketing'],
    ["We don't use any analytics cookies.", 'analytics'],
    ['This site sets no advertising cookies.', 'marketing'],
    ['We never use marketing cookies.', 'marketing'],
    ['We do not use analytics cookies unless you accept them in our banner.', undefined],
    ['We do not use advertising cookies without your consent.', undefined],
    ['We do not sell your data.', undefined],
    ['Targeting or Advertising Cookies', undefined],
  ])('%j forbids %j', (sentence, category) => {
    expect(forbiddenCategory(sentence)).toBe(category);
  });

  it('takes cookie names, not words, and turns placeholders into globs', () => {
    expect(cookieName('auth_token', false)).toBe('auth_token');
    expect(cookieName('lang', false)).toBe('lang');
    expect(cookieName('PHPSESSID', false)).toBe('PHPSESSID');
    expect(cookieName('_ga_<container-id>', false)).toBe('_ga_*');
    expect(cookieName('_hjSessionUser_{site_id}', false)).toBe('_hjSessionUser_*');
    expect(cookieName('Chrome', false)).toBeUndefined();
    expect(cookieName('Chrome', true)).toBe('Chrome');
    expect(cookieName('Account details', false)).toBeUndefined();
  });

  it('reads tables, definition lists and lines it has never seen, under category headings', () => {
    const html = `<title>Acme</title><h1>Cookies</h1>
      <h2>Essential</h2><dl><dt><code>csrf</code></dt><dd>Protects forms. Session.</dd></dl>
      <h2>Preferences</h2><ul><li>theme: remembers dark mode, for 6 months</li></ul>
      <h2>Statistics</h2>
      <table><tr><th>Cookie name</th><th>Lifetime</th><th>Description</th></tr>
        <tr><td>_pk_id.*, _pk_ses.*</td><td>13 months</td><td>Matomo visitor id</td></tr></table>
      <h2>How to delete cookies</h2><ul><li>Firefox: Settings</li></ul>`;
    const { manifest } = extractPolicy(html);
    expect(manifest.cookies).toEqual([
      { name: 'csrf', category: 'necessary', expires: 'session', purpose: 'Protects forms.' },
      { name: 'theme', category: 'functional', expires: '6 months', purpose: 'remembers dark mode, for 6 months' },
      { name: '_pk_id.*', category: 'analytics', expires: '13 months', purpose: 'Matomo visitor id' },
      { name: '_pk_ses.*', category: 'analytics', expires: '13 months', purpose: 'Matomo visitor id' },
    ]);
    expect(manifest.site).toBe('Acme');
    expect(manifest.consent).toEqual({ beforeConsent: ['necessary'] });
  });

  it('marks an entry whose category the page never states, and drafts nothing from a page without cookies', () => {
    const result = extractPolicy('<h1>Cookies</h1><ul><li>mystery_id — Something. 1 year.</li></ul>');
    // Not necessary: the page has not claimed the exemption, so the draft must not grant it.
    expect(result.manifest.cookies).toEqual([{ name: 'mystery_id', category: 'functional', expires: '1 year', purpose: 'Something.' }]);
    expect(result.review).toEqual([{ path: ['cookies', 0], note: 'the page states no category: set to functional, which needs consent; review' }]);
    expect(draftYaml(result, 'x.html')).toContain('  # review: the page states no category: set to functional, which needs consent; review\n  - name: mystery_id');
    expect(extractPolicy('<h1>About us</h1><p>We sell coffee.</p>').manifest.cookies).toEqual([]);
  });
});
