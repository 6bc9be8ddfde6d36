import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/undeclared-cookie.js';
import { testKnowledge } from '../knowledge/factory.js';
import { cookie, phase, policy, site } from './factories.js';

const manifest = policy({
  cookies: [{ name: 'session', category: 'necessary' }],
  thirdParties: [{ name: 'Google Analytics', domains: ['google-analytics.com'], category: 'analytics' }],
});

describe('undeclared-cookie', () => {
  it('reports a cookie the manifest does not mention, once, at the first phase it was seen in', () => {
    const ga = cookie('_ga', { domain: '.demo.test', firstSeenPage: 'https://demo.test/about' });
    const evidence = site([
      phase('accept', { cookies: [ga] }),
      phase('reject', { cookies: [ga] }),
      phase('pre', { cookies: [cookie('session')] }),
    ]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([
      {
        ruleId: 'undeclared-cookie',
        phase: 'reject',
        page: 'https://demo.test/about',
        item: { type: 'cookie', name: '_ga', domain: '.demo.test' },
        message:
          'Cookie "_ga" (.demo.test) is not declared in the policy; add it to the manifest with its category, purpose and expiry, or stop setting it.',
        evidence: { path: '/', party: 'first', seenInPhases: 'reject, accept' },
      },
    ]);
  });

  it('treats the same name on another domain or path as another cookie', () => {
    const evidence = site([
      phase('pre', { cookies: [cookie('x'), cookie('x', { domain: 'shop.demo.test' }), cookie('x', { path: '/a' })] }),
    ]);
    expect(rule.audit({ site: evidence, policy: manifest })).toHaveLength(3);
  });

  it('does not report cookies declared by name or through a third party', () => {
    const evidence = site([
      phase('accept', { cookies: [cookie('session'), cookie('_gid', { domain: '.google-analytics.com', party: 'third' })] }),
    ]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([]);
  });

  it('ignores phases that did not complete', () => {
    const evidence = site([phase('pre', { cookies: [cookie('_ga')] }, { status: 'failed' })]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([]);
  });

  it('records who set the cookie', () => {
    const evidence = site([
      phase('pre', { cookies: [cookie('_ga', { setBy: { kind: 'script', url: 'https://www.googletagmanager.com/gtag/js' } })] }),
    ]);
    expect(rule.audit({ site: evidence, policy: manifest })[0]?.evidence).toMatchObject({
      setBy: 'script https://www.googletagmanager.com/gtag/js',
    });
  });

  it('says what the known-cookie database knows about the cookie, to help declare it', () => {
    const evidence = site([phase('accept', { cookies: [cookie('_hjSessionUser_9', { domain: '.demo.test' }), cookie('mystery')] })]);
    const [hotjar, mystery] = rule.audit({ site: evidence, policy: manifest, knowledge: testKnowledge() });
    expect(hotjar?.message).toBe(
      'Cookie "_hjSessionUser_9" (.demo.test) is not declared in the policy (the known-cookie database lists it as an analytics cookie of Hotjar); add it to the manifest with its category, purpose and expiry, or stop setting it.',
    );
    expect(hotjar?.evidence).toMatchObject({ category: 'analytics', categorySource: 'database', vendor: 'Hotjar', knownAs: '_hjSessionUser_* (glob, built-in)' });
    expect(mystery?.evidence).not.toHaveProperty('categorySource');
  });
});
