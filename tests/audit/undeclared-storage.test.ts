import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/undeclared-storage.js';
import { phase, policy, site, storage } from './factories.js';

const manifest = policy({
  storage: [{ key: 'cart*', type: 'localStorage', category: 'functional' }],
  thirdParties: [{ name: 'Hotjar', domains: ['hotjar.com'], category: 'analytics' }],
});

describe('undeclared-storage', () => {
  it('reports an undeclared entry once per type, origin and key, at the first phase', () => {
    const entry = storage('_hjSession', { type: 'sessionStorage' });
    const evidence = site([phase('pre', { storage: [entry] }), phase('accept', { storage: [entry, storage('cart')] })]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([
      {
        ruleId: 'undeclared-storage',
        phase: 'pre',
        page: 'https://demo.test/',
        item: { type: 'storage', name: '_hjSession', domain: 'https://demo.test', storageType: 'sessionStorage' },
        message:
          'sessionStorage key "_hjSession" (https://demo.test) is not declared in the policy; add it to the manifest\'s storage entries with its category and purpose, or stop writing it.',
        evidence: { party: 'first', frameUrl: 'https://demo.test/' },
      },
    ]);
  });

  it('names IndexedDB databases as such', () => {
    const evidence = site([phase('accept', { storage: [storage('cart', { type: 'indexedDB', size: 0 })] })]);
    expect(rule.audit({ site: evidence, policy: manifest })[0]?.message).toMatch(/^IndexedDB database "cart"/);
  });

  it('does not report entries declared by key or by the third party of their origin', () => {
    const evidence = site([
      phase('accept', { storage: [storage('cart_v2'), storage('_hjid', { origin: 'https://vars.hotjar.com', party: 'third' })] }),
    ]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([]);
  });
});
