import { describe, expect, it } from 'vitest';
import { rule as afterReject } from '../../src/audit/rules/tcf-consent-after-reject.js';
import { rule as beforeChoice } from '../../src/audit/rules/tcf-consent-before-choice.js';
import { rule as legitimateInterest } from '../../src/audit/rules/tcf-legitimate-interest-for-ads.js';
import { EMPTY_POLICY, SITE_URL, phase, site } from './factories.js';
import { clicked, decoded, signals, tcString } from './signal-factories.js';

const consenting = decoded({ purposeConsents: [1, 3], vendorConsents: [101, 102], specialFeatureOptins: [1] });
const refusing = decoded({ purposeLegitimateInterests: [2, 7] });

describe('tcf-consent-after-reject', () => {
  it('reports a string that still consents after reject-all, naming the purposes as the IAB does and the vendors', () => {
    const evidence = site([phase('reject', {}, { consent: clicked('reject'), signals: signals({ strings: [tcString(consenting)] }) })]);
    expect(afterReject.audit({ site: evidence, policy: EMPTY_POLICY })).toEqual([
      {
        ruleId: 'tcf-consent-after-reject',
        phase: 'reject',
        page: SITE_URL,
        item: { type: 'signal', name: 'tcf' },
        message:
          'After "reject all" the TCF string (api, cookie euconsent-v2) gives consent to purposes 1 Store and/or access information on a device; ' +
          '3 Create profiles for personalised advertising and special features 1 Use precise geolocation data and 2 vendor(s) (101, 102). ' +
          'A refusal must leave every purpose and vendor without consent.',
        evidence: { strings: 1, foundIn: 'api, cookie euconsent-v2', purposes: '1, 3', specialFeatures: '1', vendors: '101, 102' },
      },
    ]);
  });

  it('counts consent to the publisher\'s own purposes too', () => {
    const evidence = site([phase('reject', {}, { consent: clicked('reject'), signals: signals({ strings: [tcString(decoded({ publisherConsents: [1] }))] }) })]);
    expect(afterReject.audit({ site: evidence, policy: EMPTY_POLICY }).map((f) => f.evidence?.['purposes'])).toEqual(['1']);
  });

  it('is quiet for a refusal string (legitimate interest alone is no consent), an undecodable string, or a refusal that was never given', () => {
    const quiet = [
      phase('reject', {}, { consent: clicked('reject'), signals: signals({ strings: [tcString(refusing), tcString(undefined)] }) }),
      phase('reject', {}, { consent: { ...clicked('reject'), succeeded: false }, signals: signals({ strings: [tcString(consenting)] }) }),
      phase('reject', {}, { consent: clicked('reject'), signals: signals({ strings: [tcString(consenting)] }), status: 'failed' }),
      phase('accept', {}, { consent: clicked('accept'), signals: signals({ strings: [tcString(consenting)] }) }),
    ];
    for (const p of quiet) expect(afterReject.audit({ site: site([p]), policy: EMPTY_POLICY })).toEqual([]);
  });
});

describe('tcf-consent-before-choice', () => {
  it('reports a consenting string in the pre phase, and nothing for an empty or refusing one', () => {
    const found = beforeChoice.audit({ site: site([phase('pre', {}, { signals: signals({ strings: [tcString(consenting, ['localStorage euconsent-v2'])] }) })]), policy: EMPTY_POLICY });
    expect(found.map((f) => [f.ruleId, f.phase, f.item.name, f.evidence?.['foundIn']])).toEqual([['tcf-consent-before-choice', 'pre', 'tcf', 'localStorage euconsent-v2']]);
    expect(found[0]?.message).toMatch(/^Before any choice the TCF string \(localStorage euconsent-v2\) gives consent to purposes 1 Store/);
    expect(beforeChoice.audit({ site: site([phase('pre', {}, { signals: signals({ strings: [tcString(refusing)] }) })]), policy: EMPTY_POLICY })).toEqual([]);
    expect(beforeChoice.audit({ site: site([phase('pre')]), policy: EMPTY_POLICY })).toEqual([]);
  });
});

describe('tcf-legitimate-interest-for-ads', () => {
  it('reports legitimate interest for purposes 3 to 6 once, at the first phase, listing every phase', () => {
    const claimed = decoded({ purposeLegitimateInterests: [2, 4, 7], publisherLegitimateInterests: [5] });
    const evidence = site([
      phase('pre'),
      phase('reject', {}, { signals: signals({ strings: [tcString(claimed)] }) }),
      phase('accept', {}, { signals: signals({ strings: [tcString(decoded({ purposeLegitimateInterests: [3] }))] }) }),
    ]);
    expect(legitimateInterest.audit({ site: evidence, policy: EMPTY_POLICY })).toEqual([
      {
        ruleId: 'tcf-legitimate-interest-for-ads',
        phase: 'reject',
        page: SITE_URL,
        item: { type: 'signal', name: 'tcf' },
        message:
          'The TCF string (api, cookie euconsent-v2) claims legitimate interest for purposes 3 Create profiles for personalised advertising; ' +
          '4 Use profiles to select personalised advertising; 5 Create profiles to personalise content, which TCF v2.2 allows only with consent.',
        evidence: { purposes: '3, 4, 5', phases: 'reject, accept' },
      },
    ]);
  });

  it('allows legitimate interest for the other purposes', () => {
    const evidence = site([phase('accept', {}, { signals: signals({ strings: [tcString(decoded({ purposeLegitimateInterests: [2, 7, 8, 9, 10, 11] }))] }) })]);
    expect(legitimateInterest.audit({ site: evidence, policy: EMPTY_POLICY })).toEqual([]);
  });
});
