import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/pre-consent-cookie.js';
import { testKnowledge } from '../knowledge/factory.js';
import { EMPTY_POLICY, cookie, phase, policy, site } from './factories.js';

const manifest = policy({
  cookies: [
    { name: 'session', category: 'necessary' },
    { name: '_ga', category: 'analytics' },
    { name: 'lang', category: 'functional' },
  ],
});

describe('pre-consent-cookie', () => {
  it('reports an undeclared cookie nobody knows, set before consent, as not exempt', () => {
    const evidence = site([phase('pre', { cookies: [cookie('_fbp', { domain: '.demo.test' })] })]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([
      {
        ruleId: 'pre-consent-cookie',
        phase: 'pre',
        page: 'https://demo.test/',
        item: { type: 'cookie', name: '_fbp', domain: '.demo.test' },
        message:
          'Cookie "_fbp" (.demo.test) is set before consent but is not declared in the policy, and the cookie databases do not know it, so it cannot be treated as strictly necessary; declare it or load it only after consent.',
        evidence: { category: null, categorySource: 'unknown', allowedBeforeConsent: 'necessary', party: 'first' },
      },
    ]);
  });

  it("judges an undeclared cookie by the known-cookie database's category, and says so", () => {
    const evidence = site([phase('pre', { cookies: [cookie('mp_0f4c_mixpanel', { domain: '.demo.test' })] })]);
    const [finding] = rule.audit({ site: evidence, policy: manifest, knowledge: testKnowledge() });
    expect(finding?.message).toBe(
      'Cookie "mp_0f4c_mixpanel" (.demo.test) is set before consent; the policy does not declare it, and the known-cookie database lists it as an analytics cookie of Mixpanel, which needs consent; load it only after the visitor accepts analytics cookies, or declare it.',
    );
    expect(finding?.evidence).toEqual({
      category: 'analytics',
      categorySource: 'database',
      vendor: 'Mixpanel',
      knownAs: 'mp_*_mixpanel (glob, built-in)',
      reference: 'https://example.com/cookies',
      allowedBeforeConsent: 'necessary',
      party: 'first',
    });
    expect(finding?.declaration).toBeUndefined();
  });

  it('lets an undeclared cookie the database knows as necessary through (PHPSESSID, __stripe_mid)', () => {
    const evidence = site([phase('pre', { cookies: [cookie('PHPSESSID'), cookie('__stripe_mid', { domain: '.demo.test' })] })]);
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY, knowledge: testKnowledge() })).toEqual([]);
    // Without the databases the same cookies are unknown, so not exempt.
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY })).toHaveLength(2);
  });

  it('falls back to the tracker list for a third-party cookie no database names', () => {
    const evidence = site([phase('pre', { cookies: [cookie('uid_sync', { domain: '.doubleclick.net', party: 'third' })] })]);
    const [finding] = rule.audit({ site: evidence, policy: EMPTY_POLICY, knowledge: testKnowledge() });
    expect(finding?.evidence).toMatchObject({ category: 'marketing', categorySource: 'tracker-list', vendor: 'Google', trackerDomain: 'doubleclick.net (cookie-audit)' });
    expect(finding?.message).toContain('the tracker list says its domain doubleclick.net belongs to Google (marketing)');
  });

  it("keeps the manifest's category over the database's", () => {
    const lenient = policy({ cookies: [{ name: '_hjSessionUser_*', category: 'necessary' }] });
    const evidence = site([phase('pre', { cookies: [cookie('_hjSessionUser_1')] })]);
    expect(rule.audit({ site: evidence, policy: lenient, knowledge: testKnowledge() })).toEqual([]);
  });

  it('reports a declared analytics cookie set before consent, with its declaration', () => {
    const evidence = site([phase('pre', { cookies: [cookie('_ga'), cookie('session')] })]);
    const findings = rule.audit({ site: evidence, policy: manifest, knowledge: testKnowledge() });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      item: { name: '_ga' },
      declaration: { kind: 'cookie', index: 1, category: 'analytics' },
      evidence: { category: 'analytics', categorySource: 'manifest', vendor: 'Google Analytics' },
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
