import { describe, expect, it } from 'vitest';
import { htmlSignals } from '../../src/report/html/signals.js';
import { decoded, signals, tcString } from '../audit/signal-factories.js';

describe('consent signals in the HTML report', () => {
  it('names the purposes and special features as the IAB does, and lists vendors and restrictions', () => {
    const d = decoded({
      purposeConsents: [1, 10],
      purposeLegitimateInterests: [7],
      specialFeatureOptins: [2],
      vendorConsents: [101, 103],
      publisherRestrictions: [{ purpose: 2, restriction: 'require-consent', vendors: [101] }],
    });
    const lines = htmlSignals({ ...signals({ strings: [tcString(d)] }), tcf: { api: { via: 'frame', cmpId: 300, cmpVersion: 2, tcfPolicyVersion: 5, gdprApplies: true, cmpStatus: 'loaded', eventStatus: 'tcloaded' }, strings: [tcString(d)] } });
    expect(lines.tcf).toEqual([
      'CMP API (the __tcfapiLocator frame): CMP 300 version 2, policy version 5, gdprApplies true, tcloaded',
      'TC string in api, cookie euconsent-v2: CQfixture',
      '  CMP 300 version 2, TCF policy version 5, vendor list 42, EN/FR; created 2026-01-01T00:00:00.000Z, updated 2026-01-01T00:00:00.000Z',
      '  Purposes with consent: 1 Store and/or access information on a device; 10 Develop and improve services',
      '  Purposes on legitimate interest: 7 Measure advertising performance',
      '  Special features opted in: 2 Actively scan device characteristics for identification',
      '  Vendors with consent: 101, 103',
      '  Vendors on legitimate interest: none',
      '  Publisher restriction on 2 Use limited data to select advertising: require-consent for vendors 101',
    ]);
  });

  it('says what Consent Mode was told, and when nothing was found', () => {
    const lines = htmlSignals(
      signals({
        commands: [{ command: 'default', state: { ad_storage: 'denied' }, region: ['ES'] }],
        hits: [{ url: 'https://region1.google-analytics.com/g/collect', gcs: 'G100', state: { ad_storage: 'denied', analytics_storage: 'denied' } }],
      }),
    );
    expect(lines.consentMode).toEqual([
      "gtag('consent', 'default'): ad_storage denied (regions ES)",
      'Google hit https://region1.google-analytics.com/g/collect gcs=G100: ad_storage denied, analytics_storage denied',
    ]);
    expect(htmlSignals(signals())).toEqual({ tcf: ['No CMP API answered (__tcfapi, or a __tcfapiLocator frame).', 'No TC string.'], consentMode: ['No Consent Mode command or Google hit with gcs/gcd.'] });
  });
});
