import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/no-reject-option.js';
import { rule as noConsentBanner } from '../../src/audit/rules/no-consent-banner.js';
import { rule as cookieAfterReject } from '../../src/audit/rules/cookie-after-reject.js';
import { testKnowledge } from '../knowledge/factory.js';
import { EMPTY_POLICY, banner, control, cookie, phase, site } from './factories.js';

const okOnly = banner({ controls: [control('accept', 'OK')] });
const impossible = {
  consent: { action: 'reject' as const, method: 'heuristic' as const, succeeded: false, bannerSeen: true, refusal: 'impossible' as const, banner: okOnly, clicks: [], note: 'no way to refuse' },
};

describe('no-reject-option', () => {
  it('reports a banner whose only control is "OK", once, naming what it offers', () => {
    const evidence = site([phase('reject', { cookies: [cookie('_ga', { domain: '.demo.test' })] }, impossible)]);
    const findings = rule.audit({ site: evidence, policy: EMPTY_POLICY });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'no-reject-option', phase: 'reject', item: { type: 'consent', name: 'reject' } });
    expect(findings[0]?.message).toContain('its only controls are "OK" (accept)');
  });

  it('leaves no-consent-banner and cookie-after-reject silent there: there is a banner, and nothing was refused', () => {
    const evidence = site([phase('reject', { cookies: [cookie('_ga', { domain: '.demo.test' })] }, impossible)]);
    expect(noConsentBanner.audit({ site: evidence, policy: EMPTY_POLICY, knowledge: testKnowledge() })).toEqual([]);
    expect(cookieAfterReject.audit({ site: evidence, policy: EMPTY_POLICY, knowledge: testKnowledge() })).toEqual([]);
  });

  it('says nothing where the banner was refused, or where there was none', () => {
    const refused = site([phase('reject', {}, { consent: { action: 'reject', method: 'heuristic', succeeded: true, note: 'clicked Reject all' } })]);
    const none = site([phase('reject', {}, { consent: { action: 'reject', method: 'none', succeeded: false, note: 'no banner' } })]);
    expect(rule.audit({ site: refused, policy: EMPTY_POLICY })).toEqual([]);
    expect(rule.audit({ site: none, policy: EMPTY_POLICY })).toEqual([]);
  });
});
