import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/undeclared-third-party.js';
import type { RequestObservation } from '../../src/evidence/types.js';
import { testKnowledge } from '../knowledge/factory.js';
import { cookie, phase, policy, site } from './factories.js';

const knowledge = testKnowledge();
function request(url: string, overrides: Partial<RequestObservation> = {}): RequestObservation {
  return { url, method: 'GET', resourceType: 'script', frameUrl: 'https://demo.test/', party: 'third', firstSeenPage: 'https://demo.test/', count: 1, ...overrides };
}

const manifest = policy({
  thirdParties: [
    { name: 'Stripe', domains: ['js.stripe.com'], category: 'necessary' },
    { name: 'Our CDN', domains: ['demo-cdn.example'], category: 'necessary' },
  ],
});

describe('undeclared-third-party', () => {
  it('reports each undeclared registrable domain once, at the first phase it was used in, with what the tracker list knows', () => {
    const evidence = site([
      phase('pre', {}, { requests: [request('https://static.hotjar.com/c/hotjar-1.js', { count: 2 })] }),
      phase('accept', { cookies: [cookie('fr', { domain: '.facebook.com', party: 'third' })] }, {
        requests: [request('https://www.facebook.com/tr', { resourceType: 'image' }), request('https://static.hotjar.com/c/hotjar-1.js'), request('https://insights.hotjar.com/api')],
      }),
    ]);
    const findings = rule.audit({ site: evidence, policy: manifest, knowledge });
    expect(findings).toEqual([
      {
        ruleId: 'undeclared-third-party',
        phase: 'pre',
        page: 'https://demo.test/',
        item: { type: 'domain', name: 'hotjar.com' },
        message:
          "Third party hotjar.com (Hotjar, analytics according to the tracker list) is not declared in the policy's thirdParties, yet the site used it (4 request(s) to insights.hotjar.com, static.hotjar.com over the phases scanned); add it to thirdParties with its category and purpose, or stop loading it.",
        evidence: {
          hosts: 'insights.hotjar.com, static.hotjar.com',
          requests: 4,
          cookies: '',
          category: 'analytics',
          categorySource: 'tracker-list',
          organisation: 'Hotjar',
          trackerDomain: 'hotjar.com (cookie-audit)',
        },
      },
      expect.objectContaining({
        phase: 'accept',
        item: { type: 'domain', name: 'facebook.com' },
        evidence: expect.objectContaining({ hosts: 'www.facebook.com', requests: 1, cookies: 'fr', organisation: 'Meta' }),
      }),
    ]);
  });

  it('accepts a third party declared by a host or a parent domain, as the manifest matcher does', () => {
    const evidence = site([
      phase('pre', { cookies: [cookie('__stripe_orig', { domain: '.stripe.com', party: 'third' })] }, {
        requests: [request('https://js.stripe.com/v3/'), request('https://m.stripe.com/6'), request('https://assets.demo-cdn.example/app.css', { resourceType: 'stylesheet' })],
      }),
    ]);
    expect(rule.audit({ site: evidence, policy: manifest, knowledge })).toEqual([]);
  });

  it('ignores first-party requests and cookies, and names a domain no list knows without a category', () => {
    const evidence = site([
      phase('pre', { cookies: [cookie('session')] }, { requests: [request('https://demo.test/app.js', { party: 'first' }), request('https://cdn.unknown.example/x.js')] }),
    ]);
    const findings = rule.audit({ site: evidence, policy: manifest, knowledge });
    expect(findings.map((f) => f.item.name)).toEqual(['unknown.example']);
    expect(findings[0]?.evidence).toMatchObject({ category: null, categorySource: 'unknown' });
    expect(findings[0]?.message).toMatch(/^Third party unknown\.example is not declared/);
  });
});
