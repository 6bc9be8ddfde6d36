import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/declared-not-observed.js';
import { cookie, phase, policy, site, storage } from './factories.js';

const manifest = policy({
  cookies: [
    { name: 'session', category: 'necessary' },
    { name: '_ga_*', category: 'analytics' },
    { name: 'old_tracker', category: 'marketing', domain: '.ads.example' },
  ],
  storage: [
    { key: 'cart', type: 'localStorage', category: 'functional' },
    { key: 'draft', type: 'sessionStorage', category: 'functional' },
  ],
  thirdParties: [{ name: 'Unused vendor', domains: ['vendor.example'], category: 'marketing' }],
});

describe('declared-not-observed', () => {
  it('reports cookie and storage declarations nothing matched in any completed phase', () => {
    const evidence = site([
      phase('pre', { cookies: [cookie('session')] }),
      phase('accept', { cookies: [cookie('_ga_X1')], storage: [storage('cart')] }),
      // A skipped phase neither observes nor counts as scanned.
      phase('gpc', { cookies: [cookie('old_tracker', { domain: '.ads.example' })] }, { status: 'skipped' }),
    ]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([
      {
        ruleId: 'declared-not-observed',
        item: { type: 'declaration', name: 'old_tracker', domain: '.ads.example' },
        message:
          'The policy declares cookie "old_tracker" but no cookie matching it was seen in any phase scanned (pre, accept); remove the declaration if the site no longer sets it, or scan the page that does.',
        declaration: { kind: 'cookie', index: 2, name: 'old_tracker', category: 'marketing' },
        evidence: { phasesScanned: 'pre, accept' },
      },
      {
        ruleId: 'declared-not-observed',
        item: { type: 'declaration', name: 'draft', storageType: 'sessionStorage' },
        message:
          'The policy declares sessionStorage entry "draft" but nothing matching it was seen in any phase scanned (pre, accept); remove the declaration if the site no longer writes it, or scan the page that does.',
        declaration: { kind: 'storage', index: 1, key: 'draft', category: 'functional' },
        evidence: { phasesScanned: 'pre, accept' },
      },
    ]);
  });

  it('counts a declaration shadowed by a more specific one as not observed', () => {
    const shadowed = policy({ cookies: [{ name: 'a*', category: 'analytics' }, { name: 'ab', category: 'analytics' }] });
    const evidence = site([phase('pre', { cookies: [cookie('ab')] })]);
    expect(rule.audit({ site: evidence, policy: shadowed }).map((f) => f.item.name)).toEqual(['a*']);
  });

  it('says nothing when no phase completed', () => {
    const evidence = site([phase('pre', {}, { status: 'failed' }), phase('accept', {}, { status: 'skipped' })]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([]);
  });
});
