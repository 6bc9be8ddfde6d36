import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/banner-without-policy-link.js';
import { EMPTY_POLICY, SITE_URL, banner, bannerSite, phase, site } from './factories.js';

const audit = (evidence: ReturnType<typeof bannerSite>) => rule.audit({ site: evidence, policy: EMPTY_POLICY });
const unlinked = banner({ policyLinks: [], text: 'We use cookies. Accept all Reject all' });

describe('banner-without-policy-link', () => {
  it('reports a banner with no link to a cookie or privacy policy, once, at the first phase that saw it', () => {
    expect(audit(bannerSite({ reject: { banner: unlinked }, accept: { banner: unlinked } }))).toEqual([
      {
        ruleId: 'banner-without-policy-link',
        phase: 'reject',
        page: SITE_URL,
        item: { type: 'consent', name: 'reject' },
        message: 'The consent banner links to no cookie or privacy policy. Add a link to the cookie policy in the banner so the visitor can read what they consent to.',
        evidence: { bannerText: 'We use cookies. Accept all Reject all', foundBy: 'heuristic' },
      },
    ]);
    expect(audit(bannerSite({ reject: null, accept: { banner: unlinked } })).map((f) => f.phase)).toEqual(['accept']);
  });

  it('is quiet when a banner links to the policy, and without any banner', () => {
    expect(audit(bannerSite())).toEqual([]);
    // One phase's view of the banner found the link: the banner has one.
    expect(audit(bannerSite({ reject: { banner: unlinked } }))).toEqual([]);
    expect(audit(site([phase('pre'), phase('reject', {}, { consent: { action: 'reject', method: 'none', succeeded: false, note: 'none' } })]))).toEqual([]);
  });
});
