/**
 * The three misreadings issue 15 reports from real published policies (kept aside, not in the repo),
 * rebuilt in their shape: the reader must now take what a careful person takes.
 */
import { describe, expect, it } from 'vitest';
import { readBuiltInCookies } from '../../src/knowledge/files.js';
import { knowledgeFrom } from '../../src/knowledge/knowledge.js';
import { extractPolicy } from '../../src/policy/extract.js';

const knowledge = knowledgeFrom({ cookies: [{ name: 'built-in', entries: readBuiltInCookies().entries }] });
const read = (html: string) => extractPolicy(html, { known: (name) => knowledge.cookie(name) }).manifest;

describe('names in prose', () => {
  it('a cookie table under a definition of "cookies" drafts the table, not "pixels"', () => {
    const m = read(`<h1>Cookie Policy</h1>
      <p>Cookies, pixels and similar technologies — we call all of them "cookies" in this policy.</p>
      <h2>Strictly necessary</h2><table><tr><th>Name</th><th>Duration</th><th>Purpose</th></tr><tr><td>app_sid</td><td>Session</td><td>Sign-in.</td></tr></table>`);
    expect(m.cookies.map((c) => c.name)).toEqual(['app_sid']);
  });

  it('names a payment provider\u2019s cookies in running text, and an "Opt-out" paragraph is no cookie', () => {
    const m = read(`<h1>Cookie Policy</h1>
      <p>Payments go through Stripe, which sets cookies for fraud prevention (e.g., <code>__stripe_mid</code>, <code>__stripe_sid</code>).</p>
      <p><strong>Opt-out</strong>: You can refuse optional cookies in our settings. To stop Google Analytics on other sites, install Google's opt-out browser add-on; we do not run it here. Your browser can also delete cookies that were already set, and block new ones from third parties.</p>`);
    expect(m.cookies).toEqual([
      { name: '__stripe_mid', category: 'necessary', provider: 'Stripe', purpose: expect.stringContaining('fraud prevention') },
      { name: '__stripe_sid', category: 'necessary', provider: 'Stripe', purpose: expect.stringContaining('fraud prevention') },
    ]);
    expect(m.thirdParties.map((t) => t.name)).toEqual(['Stripe']);
  });

  it('a privacy policy that mentions its payment gateway and remarketing in prose gives them', () => {
    const m = read(`<h1>Privacy Policy</h1>
      <h2>Payments</h2><p>Payments are processed by our payment gateway, Razorpay.</p>
      <h2>Cookies</h2><p>We use remarketing cookies from Google Ads so that our ads reach people who visited us. We do not sell your data.</p>`);
    expect(m.thirdParties.map((t) => [t.name, t.category])).toEqual([
      ['Razorpay', 'necessary'],
      ['Google Ads', 'marketing'],
    ]);
    expect(m.categories).toEqual({});
  });

  it('takes each name\u2019s own lifetime, and the one after a list for the whole list', () => {
    const m = read(`<h1>Cookies</h1><p>We set <code>a_sid</code> until you close your browser and <code>a_pref</code> for 6 months. Analytics uses _ga and _gid, each for up to 2 years.</p>`);
    expect(m.cookies.map((c) => [c.name, c.expires])).toEqual([
      ['a_sid', 'session'],
      ['a_pref', '6 months'],
      ['_ga', '2 years'],
      ['_gid', '2 years'],
    ]);
  });

  it('takes a name right after "called" or "named", and a camelCase name before "cookie"', () => {
    const m = read(`<h1>Cookies</h1><h2>Functional</h2><p>We set a cookie named lang to remember your language, and the userPrefs cookie holds your layout.</p>`);
    expect(m.cookies.map((c) => [c.name, c.category])).toEqual([
      ['lang', 'functional'],
      ['userPrefs', 'functional'],
    ]);
  });

  it('never takes ordinary words, abbreviations or links as names', () => {
    const m = read(`<h1>Cookie Policy</h1><h2>Glossary</h2><dl><dt>API</dt><dd>An interface.</dd><dt>Pixels</dt><dd>Tiny images.</dd></dl>
      <h2>Cookies we use</h2><p>Read more at https://example.test/cookie_info or write to privacy_team@example.test. We use cookies such as your language choice.</p>`);
    expect(m.cookies).toEqual([]);
  });
});

describe('third parties', () => {
  it('are not the ones named in opt-out advice, hypotheticals, template leftovers, negations or in-house tools', () => {
    const m = read(`<h1>Cookie Policy</h1>
      <p>If your site uses Hotjar, list its cookies here.</p>
      <p>If we ever added Mixpanel, we would update this page first.</p>
      <p>We do not use Google Analytics.</p>
      <p>Our statistics run on our own Matomo server.</p>
      <p>The help widget is Intercom.</p>
      <h2>Opting out</h2><p>Opt out of ads by Meta and Criteo at youronlinechoices.eu.</p>`);
    expect(m.thirdParties.map((t) => t.name)).toEqual(['Intercom']);
  });
});

describe('name cells and banners', () => {
  it('reads names from a cell that also names the service, and one name per line', () => {
    const m = read(`<h1>Cookies</h1><h2>Analytics</h2>
      <table><tr><th>Cookies</th><th>Expiry</th><th>Purpose</th></tr>
      <tr><td>Google Analytics (_ga, _gid)</td><td>2 years</td><td>Counts visits.</td></tr>
      <tr><td>_pk_id.*<br>_pk_ses.*</td><td>13 months</td><td>Visits.</td></tr></table>`);
    expect(m.cookies.map((c) => [c.name, c.category, c.expires, c.provider])).toEqual([
      ['_ga', 'analytics', '2 years', 'Google Analytics'],
      ['_gid', 'analytics', '2 years', 'Google Analytics'],
      ['_pk_id.*', 'analytics', '13 months', undefined],
      ['_pk_ses.*', 'analytics', '13 months', undefined],
    ]);
  });

  it('does not read a consent platform\u2019s banner or dialog that a rendered page carries', () => {
    const m = read(`<h1>Cookie Policy</h1><p>We use <code>x_sid</code> to keep you signed in.</p>
      <div id="CybotCookiebotDialog"><p>We use Hotjar and TikTok cookies such as _hjid and _ttp.</p></div>
      <div id="onetrust-consent-sdk"><table><tr><th>Cookie</th><th>Duration</th></tr><tr><td>_fbp</td><td>3 months</td></tr></table></div>`);
    expect(m.cookies.map((c) => c.name)).toEqual(['x_sid']);
    expect(m.thirdParties).toEqual([]);
  });
});
