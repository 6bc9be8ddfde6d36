import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/cookie-after-reject.js';
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
        evidence: { category: 'analytics', party: 'first', rejectSucceeded: true },
      },
    ]);
  });

  it('counts an undeclared cookie as not necessary', () => {
    const evidence = site([phase('reject', { cookies: [cookie('mystery')] })]);
    const [finding] = rule.audit({ site: evidence, policy: EMPTY_POLICY });
    expect(finding?.message).toContain('is not declared in the policy, so it cannot be treated as strictly necessary');
    expect(finding?.evidence).toEqual({ category: null, party: 'first' });
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
