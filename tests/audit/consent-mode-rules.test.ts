import { describe, expect, it } from 'vitest';
import { rule as afterReject } from '../../src/audit/rules/consent-mode-granted-after-reject.js';
import { rule as beforeChoice } from '../../src/audit/rules/consent-mode-granted-before-choice.js';
import { rule as missing } from '../../src/audit/rules/consent-mode-missing.js';
import type { RequestObservation } from '../../src/evidence/types.js';
import { EMPTY_POLICY, SITE_URL, phase, policy, site } from './factories.js';
import { ALL_DENIED, ALL_GRANTED, clicked, signals } from './signal-factories.js';

const COLLECT = 'https://region1.google-analytics.com/g/collect';

function request(url: string, overrides: Partial<RequestObservation> = {}): RequestObservation {
  return { url, method: 'GET', resourceType: 'script', frameUrl: SITE_URL, party: 'third', firstSeenPage: SITE_URL, count: 1, ...overrides };
}

describe('consent-mode-granted-before-choice', () => {
  it('reports a granted default and a Google hit saying granted, in one finding', () => {
    const pre = phase('pre', {}, {
      signals: signals({ commands: [{ command: 'default', state: ALL_GRANTED }], hits: [{ url: COLLECT, gcs: 'G111', gcd: '11t1t1t1t5', state: ALL_GRANTED }] }),
    });
    expect(beforeChoice.audit({ site: site([pre]), policy: EMPTY_POLICY })).toEqual([
      {
        ruleId: 'consent-mode-granted-before-choice',
        phase: 'pre',
        page: SITE_URL,
        item: { type: 'signal', name: 'consent-mode' },
        message:
          "Before any choice, Google's tags were told ad_personalization, ad_storage, ad_user_data, analytics_storage granted: " +
          "gtag('consent', 'default') grants ad_personalization, ad_storage, ad_user_data, analytics_storage; " +
          'Google hit to region1.google-analytics.com/g/collect (G111 11t1t1t1t5) grants ad_personalization, ad_storage, ad_user_data, analytics_storage. ' +
          'Default every type to denied until the visitor accepts.',
        evidence: {
          types: 'ad_personalization, ad_storage, ad_user_data, analytics_storage',
          sources: "gtag('consent', 'default'); Google hit to region1.google-analytics.com/g/collect (G111 11t1t1t1t5)",
        },
      },
    ]);
  });

  it('reads every Google request of the pre phase carrying gcs (other pages, frames)', () => {
    const pre = phase('pre', {}, { requests: [request(COLLECT, { consentMode: { gcs: 'G101', state: { ad_storage: 'denied', analytics_storage: 'granted' } } })] });
    expect(beforeChoice.audit({ site: site([pre]), policy: EMPTY_POLICY }).map((f) => f.evidence?.['types'])).toEqual(['analytics_storage']);
  });

  it('is quiet when everything is denied, for regional defaults, and for types the manifest allows before consent', () => {
    const denied = phase('pre', {}, { signals: signals({ commands: [{ command: 'default', state: ALL_DENIED }], hits: [{ url: COLLECT, gcs: 'G100', state: { ad_storage: 'denied', analytics_storage: 'denied' } }] }) });
    const regional = phase('pre', {}, { signals: signals({ commands: [{ command: 'default', state: ALL_GRANTED, region: ['US'] }] }) });
    expect(beforeChoice.audit({ site: site([denied]), policy: EMPTY_POLICY })).toEqual([]);
    expect(beforeChoice.audit({ site: site([regional]), policy: EMPTY_POLICY })).toEqual([]);
    const analyticsOnly = phase('pre', {}, { signals: signals({ commands: [{ command: 'default', state: { ...ALL_DENIED, analytics_storage: 'granted' } }] }) });
    expect(beforeChoice.audit({ site: site([analyticsOnly]), policy: policy({ beforeConsent: ['necessary', 'analytics'] }) })).toEqual([]);
  });
});

describe('consent-mode-granted-after-reject', () => {
  it('reports a type left granted after reject-all', () => {
    const reject = phase('reject', {}, {
      consent: clicked('reject'),
      signals: signals({ commands: [{ command: 'default', state: ALL_DENIED }, { command: 'update', state: { ...ALL_DENIED, analytics_storage: 'granted' } }] }),
    });
    const found = afterReject.audit({ site: site([reject]), policy: EMPTY_POLICY });
    expect(found.map((f) => [f.ruleId, f.phase, f.item.name, f.evidence?.['types'], f.evidence?.['sources']])).toEqual([
      ['consent-mode-granted-after-reject', 'reject', 'consent-mode', 'analytics_storage', "gtag('consent', 'update')"],
    ]);
  });

  it("does not count the phase's requests from before the click, and is quiet when the refusal was not given", () => {
    const before = phase('reject', {}, {
      consent: clicked('reject'),
      requests: [request(COLLECT, { consentMode: { gcs: 'G111', state: { ad_storage: 'granted', analytics_storage: 'granted' } } })],
      signals: signals({ commands: [{ command: 'update', state: ALL_DENIED }] }),
    });
    expect(afterReject.audit({ site: site([before]), policy: EMPTY_POLICY })).toEqual([]);
    const notGiven = phase('reject', {}, { consent: { ...clicked('reject'), succeeded: false }, signals: signals({ commands: [{ command: 'default', state: ALL_GRANTED }] }) });
    expect(afterReject.audit({ site: site([notGiven]), policy: EMPTY_POLICY })).toEqual([]);
  });
});

describe('consent-mode-granted-after-reject judges the state Google\'s tags acted on', () => {
  const COLLECT_DENIED = { url: COLLECT, gcs: 'G100', gcd: '13q3q3q3q5', state: ALL_DENIED };

  it('a granted default pushed on every load, overridden by the stored refusal before any hit, is info only', () => {
    const reject = phase('reject', {}, {
      consent: clicked('reject'),
      signals: signals({ commands: [{ command: 'default', state: ALL_GRANTED }, { command: 'update', state: ALL_DENIED }], hits: [COLLECT_DENIED] }),
    });
    const found = afterReject.audit({ site: site([reject]), policy: EMPTY_POLICY });
    expect(found.map((f) => [f.ruleId, f.severity, f.evidence?.['inEffect']])).toEqual([['consent-mode-granted-after-reject', 'info', false]]);
    expect(found[0]?.message).toContain('before any Google hit said granted');
  });

  it('an update after the default that leaves a type granted is still an error, named by the command that set it', () => {
    const reject = phase('reject', {}, {
      consent: clicked('reject'),
      signals: signals({ commands: [{ command: 'update', state: { ...ALL_DENIED, ad_storage: 'granted' } }, { command: 'default', state: ALL_DENIED }] }),
    });
    const found = afterReject.audit({ site: site([reject]), policy: EMPTY_POLICY });
    expect(found.map((f) => [f.severity, f.evidence?.['types'], f.evidence?.['sources']])).toEqual([[undefined, 'ad_storage', "gtag('consent', 'update')"]]);
  });

  it('a hit that says granted is an error even when the commands end denied', () => {
    const reject = phase('reject', {}, {
      consent: clicked('reject'),
      signals: signals({ commands: [{ command: 'default', state: ALL_GRANTED }, { command: 'update', state: ALL_DENIED }], hits: [{ url: COLLECT, gcs: 'G111', state: { ad_storage: 'granted', analytics_storage: 'granted' } }] }),
    });
    const found = afterReject.audit({ site: site([reject]), policy: EMPTY_POLICY });
    expect(found).toHaveLength(1);
    expect(found[0]?.severity).toBeUndefined();
    expect(found[0]?.evidence?.['types']).toBe('ad_storage, analytics_storage');
  });
});

describe('consent-mode-missing', () => {
  const tags = [request('https://www.googletagmanager.com/gtm.js'), request(COLLECT, { resourceType: 'ping', count: 2 })];

  it('reports Google tags on a site with a banner and no Consent Mode state, once, at the first phase they ran', () => {
    const evidence = site([phase('pre'), phase('reject', {}, { consent: clicked('reject') }), phase('accept', {}, { consent: clicked('accept'), requests: tags })]);
    expect(missing.audit({ site: evidence, policy: EMPTY_POLICY })).toEqual([
      {
        ruleId: 'consent-mode-missing',
        phase: 'accept',
        page: SITE_URL,
        item: { type: 'signal', name: 'consent-mode' },
        message:
          "Google tags run (region1.google-analytics.com, www.googletagmanager.com, e.g. https://www.googletagmanager.com/gtm.js) on a site with a consent banner, but they were never given a Consent Mode state. Set a denied default before they load and update it with the visitor's choice.",
        evidence: { hosts: 'region1.google-analytics.com, www.googletagmanager.com', requests: 3 },
      },
    ]);
  });

  it('is quiet with any Consent Mode state, without a banner, and for Universal Analytics (analytics.js, /collect)', () => {
    const withState = site([phase('accept', {}, { consent: clicked('accept'), requests: tags, signals: signals({ commands: [{ command: 'default', state: ALL_DENIED }] }) })]);
    const noBanner = site([phase('reject', {}, { consent: { action: 'reject', method: 'none', succeeded: false, note: 'none' }, requests: tags })]);
    const universal = site([phase('accept', {}, { consent: clicked('accept'), requests: [request('https://www.google-analytics.com/analytics.js'), request('https://www.google-analytics.com/collect')] })]);
    for (const evidence of [withState, noBanner, universal]) expect(missing.audit({ site: evidence, policy: EMPTY_POLICY })).toEqual([]);
  });
});
