import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/pre-consent-tracker.js';
import type { RequestObservation } from '../../src/evidence/types.js';
import { testKnowledge } from '../knowledge/factory.js';
import { EMPTY_POLICY, phase, policy, site } from './factories.js';

const knowledge = testKnowledge();
function request(url: string, overrides: Partial<RequestObservation> = {}): RequestObservation {
  return { url, method: 'GET', resourceType: 'script', frameUrl: 'https://demo.test/', party: 'third', firstSeenPage: 'https://demo.test/', count: 1, ...overrides };
}

describe('pre-consent-tracker', () => {
  it('reports a beacon to an analytics host before consent, even without a cookie, once per host', () => {
    const evidence = site([
      phase('pre', {}, {
        requests: [
          request('https://www.google-analytics.com/g/collect', { method: 'POST', resourceType: 'ping', count: 2 }),
          request('https://www.google-analytics.com/analytics.js'),
        ],
      }),
    ]);
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY, knowledge })).toEqual([
      {
        ruleId: 'pre-consent-tracker',
        phase: 'pre',
        page: 'https://demo.test/',
        item: { type: 'request', name: 'https://www.google-analytics.com/g/collect', domain: 'www.google-analytics.com' },
        message:
          'Before consent the page contacted www.google-analytics.com (Google Analytics, analytics according to the tracker list): 3 request(s), e.g. https://www.google-analytics.com/g/collect (ping); only strictly necessary services may be used before consent, so load it only after the visitor accepts analytics.',
        evidence: {
          category: 'analytics',
          categorySource: 'tracker-list',
          organisation: 'Google',
          trackerDomain: 'google-analytics.com (cookie-audit)',
          requests: 3,
          urls: 'https://www.google-analytics.com/g/collect https://www.google-analytics.com/analytics.js',
          resourceTypes: 'ping, script',
          allowedBeforeConsent: 'necessary',
        },
      },
    ]);
  });

  it('leaves necessary and functional hosts alone (payments, consent platforms, CDNs) and hosts nobody knows', () => {
    const evidence = site([
      phase('pre', {}, {
        requests: [request('https://js.stripe.com/v3/'), request('https://cdn.cookielaw.org/otSDKStub.js'), request('https://cdn.unknown.example/x.js')],
      }),
    ]);
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY, knowledge })).toEqual([]);
  });

  it("takes the manifest's thirdParties category first, and allows what beforeConsent allows", () => {
    const pixel = site([phase('pre', {}, { requests: [request('https://www.facebook.com/tr', { resourceType: 'image' })] })]);
    const declaredNecessary = policy({ thirdParties: [{ name: 'Meta', domains: ['facebook.com'], category: 'necessary' }] });
    expect(rule.audit({ site: pixel, policy: declaredNecessary, knowledge })).toEqual([]);
    const selfHosted = site([phase('pre', {}, { requests: [request('https://stats.example.org/count.js')] })]);
    const declaredAnalytics = policy({ thirdParties: [{ name: 'Stats', domains: ['example.org'], category: 'analytics' }] });
    const [finding] = rule.audit({ site: selfHosted, policy: declaredAnalytics, knowledge });
    expect(finding).toMatchObject({ declaration: { kind: 'thirdParty', name: 'Stats' }, evidence: { categorySource: 'manifest', organisation: null } });
    expect(finding?.message).toContain("(Stats, declared as analytics in the policy's thirdParties)");
    const lenient = { ...policy(), consent: { beforeConsent: ['necessary' as const, 'marketing' as const] } };
    expect(rule.audit({ site: pixel, policy: lenient, knowledge })).toEqual([]);
  });

  it('looks only at third-party requests of a completed pre phase', () => {
    const accept = site([phase('accept', {}, { requests: [request('https://www.facebook.com/tr')] })]);
    expect(rule.audit({ site: accept, policy: EMPTY_POLICY, knowledge })).toEqual([]);
    const firstParty = site([phase('pre', {}, { requests: [request('https://www.facebook.com/tr', { party: 'first' })] })], { siteDomain: 'facebook.com' });
    expect(rule.audit({ site: firstParty, policy: EMPTY_POLICY, knowledge })).toEqual([]);
    const skipped = site([phase('pre', {}, { status: 'failed', requests: [request('https://www.facebook.com/tr')] })]);
    expect(rule.audit({ site: skipped, policy: EMPTY_POLICY, knowledge })).toEqual([]);
  });
});
