import { describe, expect, it } from 'vitest';
import { rule as cookieAfterReject } from '../../src/audit/rules/cookie-after-reject.js';
import { rule } from '../../src/audit/rules/no-consent-banner.js';
import type { ConsentAttempt, RequestObservation } from '../../src/evidence/types.js';
import { testKnowledge } from '../knowledge/factory.js';
import { EMPTY_POLICY, SITE_URL, cookie, phase, policy, site } from './factories.js';

const NOTHING_FOUND: ConsentAttempt = {
  action: 'reject',
  method: 'none',
  platform: null,
  succeeded: false,
  tried: ['manifest: no consent.reject selector', 'autoconsent 16.23.0: no consent platform recognised within 5 s of the page going quiet'],
  note: 'No consent banner was found.',
};

function request(url: string, overrides: Partial<RequestObservation> = {}): RequestObservation {
  return { url, method: 'GET', resourceType: 'script', frameUrl: SITE_URL, party: 'third', firstSeenPage: SITE_URL, count: 1, ...overrides };
}

const analytics = cookie('_ga', { domain: '.demo.test' });
const manifest = policy({ cookies: [{ name: 'sid', category: 'necessary' }, { name: '_ga', category: 'analytics' }] });

describe('no-consent-banner', () => {
  it('a manifest that says the site has no banner while its policy declares analytics: an error on the policy itself, whatever the scan saw', () => {
    const bannerless = { ...manifest, consent: { ...manifest.consent, banner: 'none' as const } };
    const evidence = site([phase('reject', { cookies: [cookie('sid')] }, { consent: NOTHING_FOUND })]);
    expect(rule.audit({ site: evidence, policy: bannerless })).toEqual([
      {
        ruleId: 'no-consent-banner',
        page: SITE_URL,
        item: { type: 'consent', name: 'banner' },
        message:
          'The manifest says the site has no consent banner (consent.banner: none), yet its policy declares 1 item(s) that need consent (_ga (analytics)): ' +
          'a visitor has no way to give or refuse it. Show a banner with accept and reject-all choices, or stop using them.',
        evidence: { declared: '_ga (analytics)' },
      },
    ]);
    // Nothing declared that needs consent: nothing to say about the policy.
    const necessaryOnly = policy({ cookies: [{ name: 'sid', category: 'necessary' }] });
    expect(rule.audit({ site: evidence, policy: { ...necessaryOnly, consent: { ...necessaryOnly.consent, banner: 'none' } } })).toEqual([]);
  });

  it('reports once per site when the reject phase found no banner but holds cookies that need consent, saying what was tried', () => {
    const evidence = site([phase('reject', { cookies: [cookie('sid'), analytics, cookie('mystery')] }, { consent: NOTHING_FOUND })]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([
      {
        ruleId: 'no-consent-banner',
        phase: 'reject',
        page: SITE_URL,
        item: { type: 'consent', name: 'reject' },
        message:
          'No consent banner could be found or operated to refuse consent, yet the site set 2 cookie(s) that are not strictly necessary (_ga (.demo.test), mystery (demo.test)). ' +
          'Tried: manifest: no consent.reject selector; autoconsent 16.23.0: no consent platform recognised within 5 s of the page going quiet. ' +
          "Show a banner with a reject-all choice before setting them, or name the site's own reject button in consent.reject.",
        evidence: {
          platform: null,
          cookies: '_ga (.demo.test), mystery (demo.test)',
          trackerHosts: '',
          tried: 'manifest: no consent.reject selector; autoconsent 16.23.0: no consent platform recognised within 5 s of the page going quiet',
        },
      },
    ]);
  });

  it('counts tracker requests too, by the manifest or the tracker list, and leaves first parties and non-tracking hosts alone', () => {
    const requests = [
      request('https://www.google-analytics.com/collect', { resourceType: 'image' }),
      request('https://cdn.cookielaw.org/consent.js'),
      request('https://demo.test/app.js', { party: 'first' }),
    ];
    const evidence = site([phase('reject', { cookies: [cookie('sid')] }, { consent: NOTHING_FOUND, requests })]);
    const [finding] = rule.audit({ site: evidence, policy: manifest, knowledge: testKnowledge() });
    expect(finding?.message).toContain('yet the site contacted 1 tracker host(s) (www.google-analytics.com).');
    expect(finding?.evidence).toMatchObject({ cookies: '', trackerHosts: 'www.google-analytics.com' });
  });

  it('is quiet when everything set is allowed before consent', () => {
    const evidence = site([phase('reject', { cookies: [cookie('sid')] }, { consent: NOTHING_FOUND })]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([]);
    const lenient = policy({ cookies: [{ name: '_ga', category: 'analytics' }], beforeConsent: ['necessary', 'analytics'] });
    expect(rule.audit({ site: site([phase('reject', { cookies: [analytics] }, { consent: NOTHING_FOUND })]), policy: lenient })).toEqual([]);
  });

  it('names the platform that was recognised but never showed its banner', () => {
    const hidden: ConsentAttempt = { ...NOTHING_FOUND, platform: 'cookieconsent3', tried: ['autoconsent: recognised cookieconsent3, but its banner did not open within 11 s'] };
    const [finding] = rule.audit({ site: site([phase('reject', { cookies: [analytics] }, { consent: hidden })]), policy: EMPTY_POLICY });
    expect(finding?.evidence?.['platform']).toBe('cookieconsent3');
    expect(finding?.message).toContain('Tried: autoconsent: recognised cookieconsent3, but its banner did not open');
  });

  it('leaves banners that were operated (even unsuccessfully), missing consent evidence, and other phases to other rules', () => {
    const clicked: ConsentAttempt = { action: 'reject', method: 'selector', selector: '#reject', succeeded: false, note: 'not found' };
    expect(rule.audit({ site: site([phase('reject', { cookies: [analytics] }, { consent: clicked })]), policy: EMPTY_POLICY })).toEqual([]);
    expect(rule.audit({ site: site([phase('reject', { cookies: [analytics] })]), policy: EMPTY_POLICY })).toEqual([]);
    expect(rule.audit({ site: site([phase('accept', { cookies: [analytics] }, { consent: { ...NOTHING_FOUND, action: 'accept' } })]), policy: EMPTY_POLICY })).toEqual([]);
    expect(rule.audit({ site: site([phase('reject', { cookies: [analytics] }, { consent: NOTHING_FOUND, status: 'failed' })]), policy: EMPTY_POLICY })).toEqual([]);
  });

  it('takes over from cookie-after-reject: with no banner there was no reject to be "after"', () => {
    const evidence = site([phase('reject', { cookies: [analytics] }, { consent: NOTHING_FOUND })]);
    expect(cookieAfterReject.audit({ site: evidence, policy: manifest })).toEqual([]);
    expect(rule.audit({ site: evidence, policy: manifest })).toHaveLength(1);
  });
});
