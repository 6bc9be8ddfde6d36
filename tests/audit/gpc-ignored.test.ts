import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/gpc-ignored.js';
import type { RequestObservation } from '../../src/evidence/types.js';
import { testKnowledge } from '../knowledge/factory.js';
import { SITE_URL, cookie, phase, policy, site } from './factories.js';

const declared = policy({
  cookies: [
    { name: 'sid', category: 'necessary' },
    { name: '_fbp', category: 'marketing' },
  ],
  beforeConsent: ['necessary', 'marketing'],
});
/** A US opt-out shop: advertising before any choice, GPC honoured as the opt-out. */
const manifest = { ...declared, consent: { ...declared.consent, honorsGpc: true } };

function request(url: string, overrides: Partial<RequestObservation> = {}): RequestObservation {
  return { url, method: 'GET', resourceType: 'image', frameUrl: SITE_URL, party: 'third', firstSeenPage: SITE_URL, count: 1, ...overrides };
}

describe('gpc-ignored', () => {
  it('reports each cookie in the gpc phase that is not necessary, even where the policy allows it before consent', () => {
    const evidence = site([phase('gpc', { cookies: [cookie('sid'), cookie('_fbp', { domain: '.demo.test' })] })]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([
      {
        ruleId: 'gpc-ignored',
        phase: 'gpc',
        page: SITE_URL,
        item: { type: 'cookie', name: '_fbp', domain: '.demo.test' },
        declaration: { kind: 'cookie', index: 1, name: '_fbp', category: 'marketing' },
        message:
          'Cookie "_fbp" (.demo.test) is set although the browser sent Global Privacy Control (Sec-GPC: 1, navigator.globalPrivacyControl = true); it is marketing, not necessary. Do not set it when GPC is on.',
        evidence: { category: 'marketing', categorySource: 'manifest', party: 'first', honorsGpc: true },
      },
    ]);
  });

  it('counts an undeclared, unknown cookie as not necessary', () => {
    const [finding] = rule.audit({ site: site([phase('gpc', { cookies: [cookie('mystery')] })]), policy: policy() });
    expect(finding?.message).toContain('it is not known to be necessary (undeclared and unknown)');
    expect(finding?.evidence).toMatchObject({ category: null, honorsGpc: false });
  });

  it('reports analytics and advertising hosts contacted under GPC, once per host', () => {
    const requests = [
      request('https://www.facebook.com/tr'),
      request('https://www.facebook.com/tr/other', { count: 2 }),
      request('https://cdn.cookielaw.org/consent.js', { resourceType: 'script' }),
      request('https://demo.test/pixel.gif', { party: 'first' }),
    ];
    const findings = rule.audit({ site: site([phase('gpc', {}, { requests })]), policy: policy(), knowledge: testKnowledge() });
    expect(findings).toEqual([
      {
        ruleId: 'gpc-ignored',
        phase: 'gpc',
        page: SITE_URL,
        item: { type: 'request', name: 'https://www.facebook.com/tr', domain: 'www.facebook.com' },
        message:
          'The page contacted www.facebook.com (marketing) although the browser sent Global Privacy Control (Sec-GPC: 1, navigator.globalPrivacyControl = true), e.g. https://www.facebook.com/tr. Do not load this tag when GPC is on.',
        evidence: { category: 'marketing', categorySource: 'tracker-list', requests: 3, honorsGpc: false },
      },
    ]);
  });

  it('looks only at a completed gpc phase', () => {
    const cookies = [cookie('_fbp')];
    expect(rule.audit({ site: site([phase('pre', { cookies })]), policy: manifest })).toEqual([]);
    expect(rule.audit({ site: site([phase('gpc', { cookies }, { status: 'skipped' })]), policy: manifest })).toEqual([]);
  });
});
