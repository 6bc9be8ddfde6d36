import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/cookie-after-reject.js';
import { testKnowledge } from '../knowledge/factory.js';
import { EMPTY_POLICY, cookie, phase, policy, site } from './factories.js';

const manifest = policy({
  cookies: [
    { name: 'session', category: 'necessary' },
    { name: '_orion_metrics', category: 'analytics' },
  ],
  thirdParties: [{ name: 'Ads', domains: ['ads.example'], category: 'marketing' }],
});

const rejected = { consent: { action: 'reject' as const, method: 'selector' as const, succeeded: true, note: 'clicked #reject' } };

describe('cookie-after-reject', () => {
  it('reports a declared analytics cookie still present after reject-all', () => {
    const evidence = site([phase('reject', { cookies: [cookie('_orion_metrics'), cookie('session')] }, rejected)]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([
      {
        ruleId: 'cookie-after-reject',
        phase: 'reject',
        page: 'https://demo.test/',
        item: { type: 'cookie', name: '_orion_metrics', domain: 'demo.test' },
        message:
          'Cookie "_orion_metrics" (demo.test) is present after the visitor rejected all cookies although the policy declares it as analytics; stop setting it, and delete it, when consent is refused.',
        declaration: { kind: 'cookie', index: 1, name: '_orion_metrics', category: 'analytics' },
        evidence: { category: 'analytics', categorySource: 'manifest', party: 'first', rejectSucceeded: true },
      },
    ]);
  });

  it('counts an undeclared cookie nobody knows as not necessary', () => {
    const evidence = site([phase('reject', { cookies: [cookie('mystery')] })]);
    const [finding] = rule.audit({ site: evidence, policy: EMPTY_POLICY, knowledge: testKnowledge() });
    expect(finding?.message).toContain('is not declared in the policy, and the cookie databases do not know it, so it cannot be treated as strictly necessary');
    expect(finding?.evidence).toEqual({ category: null, categorySource: 'unknown', party: 'first' });
  });

  it("uses the known-cookie database's category for an undeclared cookie, and says where it came from", () => {
    const evidence = site([phase('reject', { cookies: [cookie('_fbp', { domain: '.demo.test' }), cookie('PHPSESSID')] }, rejected)]);
    const findings = rule.audit({ site: evidence, policy: manifest, knowledge: testKnowledge() });
    expect(findings.map((f) => f.item.name)).toEqual(['_fbp']);
    expect(findings[0]?.evidence).toMatchObject({ category: 'marketing', categorySource: 'database', vendor: 'Meta Pixel' });
    expect(findings[0]?.message).toBe(
      'Cookie "_fbp" (.demo.test) is present after the visitor rejected all cookies; the policy does not declare it, and the known-cookie database lists it as a marketing cookie of Meta Pixel; stop setting it, and delete it, when consent is refused.',
    );
  });

  it('uses the third party category for cookies on its domains', () => {
    const evidence = site([phase('reject', { cookies: [cookie('id', { domain: '.ads.example', party: 'third' })] })]);
    expect(rule.audit({ site: evidence, policy: manifest })[0]?.declaration).toMatchObject({ kind: 'thirdParty', category: 'marketing' });
  });

  it('ignores other phases and a reject phase that did not complete', () => {
    expect(rule.audit({ site: site([phase('accept', { cookies: [cookie('x')] })]), policy: manifest })).toEqual([]);
    expect(
      rule.audit({ site: site([phase('reject', { cookies: [cookie('x')] }, { status: 'failed' })]), policy: manifest }),
    ).toEqual([]);
  });
});

describe('cookie-after-reject and what the policy allows before consent', () => {
  it('does not report cookies of a category the site may set without consent (consent.beforeConsent): a refusal does not withdraw them', () => {
    const allowsFunctional = policy({ cookies: [{ name: 'prefs', category: 'functional' }, { name: '_orion_metrics', category: 'analytics' }] });
    allowsFunctional.consent = { ...allowsFunctional.consent, beforeConsent: ['necessary', 'functional'] };
    const evidence = site([phase('reject', { cookies: [cookie('prefs'), cookie('_orion_metrics')] }, rejected)]);
    expect(rule.audit({ site: evidence, policy: allowsFunctional }).map((f) => f.item.name)).toEqual(['_orion_metrics']);
  });
});
