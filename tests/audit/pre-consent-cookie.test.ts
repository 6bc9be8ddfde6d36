import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/pre-consent-cookie.js';
import { EMPTY_POLICY, cookie, phase, policy, site } from './factories.js';

const manifest = policy({
  cookies: [
    { name: 'session', category: 'necessary' },
    { name: '_ga', category: 'analytics' },
    { name: 'lang', category: 'functional' },
  ],
});

describe('pre-consent-cookie', () => {
  it('reports an undeclared cookie set before consent as not exempt', () => {
    const evidence = site([phase('pre', { cookies: [cookie('_fbp', { domain: '.demo.test' })] })]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([
      {
        ruleId: 'pre-consent-cookie',
        phase: 'pre',
        page: 'https://demo.test/',
        item: { type: 'cookie', name: '_fbp', domain: '.demo.test' },
        message:
          'Cookie "_fbp" (.demo.test) is set before consent but is not declared in the policy, so it cannot be treated as strictly necessary; declare it or load it only after consent.',
        evidence: { category: null, allowedBeforeConsent: 'necessary', party: 'first' },
      },
    ]);
  });

  it('reports a declared analytics cookie set before consent, with its declaration', () => {
    const evidence = site([phase('pre', { cookies: [cookie('_ga'), cookie('session')] })]);
    const findings = rule.audit({ site: evidence, policy: manifest });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      item: { name: '_ga' },
      declaration: { kind: 'cookie', index: 1, category: 'analytics' },
      evidence: { category: 'analytics' },
    });
    expect(findings[0]?.message).toContain('declares it as analytics');
  });

  it('allows the categories the policy allows before consent', () => {
    const lenient = { ...manifest, consent: { beforeConsent: ['necessary' as const, 'functional' as const] } };
    const evidence = site([phase('pre', { cookies: [cookie('lang'), cookie('unknown')] })]);
    const findings = rule.audit({ site: evidence, policy: lenient });
    expect(findings.map((f) => f.item.name)).toEqual(['unknown']);
    expect(findings[0]?.message).toContain('cannot be treated as necessary or functional');
  });

  it('works without a manifest: every pre-consent cookie is a finding', () => {
    const evidence = site([phase('pre', { cookies: [cookie('a'), cookie('b')] })]);
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY }).map((f) => f.item.name)).toEqual(['a', 'b']);
  });

  it('looks only at the pre phase, and only when it completed', () => {
    expect(rule.audit({ site: site([phase('accept', { cookies: [cookie('_ga')] })]), policy: manifest })).toEqual([]);
    expect(
      rule.audit({ site: site([phase('pre', { cookies: [cookie('_ga')] }, { status: 'skipped' })]), policy: manifest }),
    ).toEqual([]);
  });
});
