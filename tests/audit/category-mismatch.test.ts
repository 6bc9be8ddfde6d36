import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/category-mismatch.js';
import type { RequestObservation } from '../../src/evidence/types.js';
import { testKnowledge } from '../knowledge/factory.js';
import { cookie, phase, policy, site, storage } from './factories.js';

const knowledge = testKnowledge();
const request = (url: string): RequestObservation => ({
  url,
  method: 'GET',
  resourceType: 'script',
  frameUrl: 'https://demo.test/',
  party: 'third',
  firstSeenPage: 'https://demo.test/',
  count: 1,
});

const manifest = policy({
  cookies: [
    { name: '_hjSessionUser_*', category: 'necessary' },
    { name: '_ga', category: 'analytics' },
    { name: 'session', category: 'necessary' },
  ],
  storage: [{ key: 'ab_variant', type: 'localStorage', category: 'necessary' }],
  thirdParties: [
    { name: 'Hotjar', domains: ['hotjar.com'], category: 'necessary' },
    { name: 'Meta', domains: ['facebook.com'], category: 'functional' },
    { name: 'Stripe', domains: ['stripe.com'], category: 'necessary' },
  ],
});

describe('category-mismatch', () => {
  it('warns when a declared cookie is in another category in the known-cookie database (_hjSessionUser_* declared necessary)', () => {
    const evidence = site([phase('reject', { cookies: [cookie('_hjSessionUser_123', { domain: '.demo.test' })] }), phase('pre', { cookies: [cookie('_hjSessionUser_123', { domain: '.demo.test' })] })]);
    expect(rule.audit({ site: evidence, policy: manifest, knowledge })).toEqual([
      {
        ruleId: 'category-mismatch',
        phase: 'pre',
        page: 'https://demo.test/',
        item: { type: 'cookie', name: '_hjSessionUser_123', domain: '.demo.test' },
        declaration: { kind: 'cookie', index: 0, name: '_hjSessionUser_*', category: 'necessary' },
        message:
          'Cookie "_hjSessionUser_123" (.demo.test) is declared as necessary, but the known-cookie database lists it as an analytics cookie of Hotjar; check the declaration, and if the database is right, declare it as analytics.',
        evidence: {
          declaredCategory: 'necessary',
          knownCategory: 'analytics',
          categorySource: 'database',
          vendor: 'Hotjar',
          knownAs: '_hjSessionUser_* (glob, built-in)',
          reference: 'https://example.com/cookies',
        },
      },
    ]);
  });

  it('is quiet when the categories agree, or when the database does not know the cookie', () => {
    const evidence = site([phase('pre', { cookies: [cookie('_ga', { domain: '.demo.test' }), cookie('session')] })]);
    expect(rule.audit({ site: evidence, policy: manifest, knowledge })).toEqual([]);
  });

  it('checks cookies declared through a third party, and storage entries', () => {
    const evidence = site([
      phase('accept', {
        cookies: [cookie('fr', { domain: '.facebook.com', party: 'third' })],
        storage: [storage('ab_variant')],
      }),
    ]);
    const findings = rule.audit({ site: evidence, policy: manifest, knowledge });
    expect(findings.map((f) => [f.item.type, f.item.name, f.evidence?.['declaredCategory'], f.evidence?.['knownCategory']])).toEqual([
      ['cookie', 'fr', 'functional', 'marketing'],
      ['storage', 'ab_variant', 'necessary', 'analytics'],
    ]);
    expect(findings[0]?.message).toContain('is declared as functional (through the third party "Meta")');
  });

  it("compares a declared third party with the tracker list's category for the hosts the site contacted", () => {
    const evidence = site([
      phase('pre', {}, { requests: [request('https://static.hotjar.com/c/hotjar-1.js'), request('https://insights.hotjar.com/api'), request('https://js.stripe.com/v3/')] }),
    ]);
    const findings = rule.audit({ site: evidence, policy: manifest, knowledge });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      phase: 'pre',
      item: { type: 'domain', name: 'hotjar.com' },
      declaration: { kind: 'thirdParty', name: 'Hotjar', category: 'necessary' },
      evidence: { declaredCategory: 'necessary', knownCategory: 'analytics', categorySource: 'tracker-list', organisation: 'Hotjar', host: 'static.hotjar.com' },
    });
    expect(findings[0]?.message).toBe(
      'The third party "Hotjar" is declared as necessary, but the tracker list files hotjar.com (Hotjar) under analytics; check the declaration, and if the list is right, declare it as analytics.',
    );
  });

  it('needs knowledge to say anything', () => {
    const evidence = site([phase('pre', { cookies: [cookie('_hjSessionUser_1')] })]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([]);
  });
});
