import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/forbidden-category.js';
import type { PolicyManifest } from '../../src/policy/types.js';
import { testKnowledge } from '../knowledge/factory.js';
import { cookie, phase, policy, site, storage } from './factories.js';

const knowledge = testKnowledge();
const noAds: PolicyManifest = {
  ...policy({ cookies: [{ name: 'promo', category: 'marketing' }, { name: '_ga', category: 'analytics' }] }),
  categories: { marketing: 'forbidden' },
};

describe('forbidden-category', () => {
  it('reports an undeclared cookie of a forbidden category, once, at the first phase, with the category source', () => {
    const fbp = cookie('_fbp', { domain: '.demo.test' });
    const evidence = site([phase('accept', { cookies: [fbp] }), phase('reject', { cookies: [fbp] })]);
    expect(rule.audit({ site: evidence, policy: noAds, knowledge })).toEqual([
      {
        ruleId: 'forbidden-category',
        phase: 'reject',
        page: 'https://demo.test/',
        item: { type: 'cookie', name: '_fbp', domain: '.demo.test' },
        message:
          'Cookie "_fbp" (.demo.test) is a marketing cookie (the known-cookie database lists it as a marketing cookie of Meta Pixel), but the policy says the site uses no marketing cookies (categories.marketing: forbidden); remove what sets it, or change the policy.',
        evidence: {
          category: 'marketing',
          categorySource: 'database',
          vendor: 'Meta Pixel',
          knownAs: '_fbp (exact, built-in)',
          reference: 'https://example.com/cookies',
          party: 'first',
        },
      },
    ]);
  });

  it('counts the tracker list and the manifest itself as sources of the category', () => {
    const evidence = site([
      phase('accept', { cookies: [cookie('uid_sync', { domain: '.doubleclick.net', party: 'third' }), cookie('promo'), cookie('_ga', { domain: '.demo.test' })] }),
    ]);
    const findings = rule.audit({ site: evidence, policy: noAds, knowledge });
    expect(findings.map((f) => [f.item.name, f.evidence?.['categorySource']])).toEqual([
      ['uid_sync', 'tracker-list'],
      ['promo', 'manifest'],
    ]);
    expect(findings[1]?.declaration).toMatchObject({ kind: 'cookie', name: 'promo' });
    expect(findings[1]?.message).toContain('is a marketing cookie (declared so in the policy)');
  });

  it('covers storage entries too', () => {
    const analyticsForbidden = { ...policy(), categories: { analytics: 'forbidden' as const } };
    const evidence = site([phase('pre', { storage: [storage('ab_variant')] })]);
    expect(rule.audit({ site: evidence, policy: analyticsForbidden, knowledge })[0]).toMatchObject({
      item: { type: 'storage', name: 'ab_variant' },
      evidence: { category: 'analytics', categorySource: 'database' },
    });
  });

  it('is quiet when the policy forbids nothing, or for unknown cookies', () => {
    const evidence = site([phase('accept', { cookies: [cookie('_fbp'), cookie('mystery')] })]);
    expect(rule.audit({ site: evidence, policy: policy(), knowledge })).toEqual([]);
    expect(rule.audit({ site: site([phase('accept', { cookies: [cookie('mystery')] })]), policy: noAds, knowledge })).toEqual([]);
  });
});
