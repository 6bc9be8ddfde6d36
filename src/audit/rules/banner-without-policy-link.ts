import { bannerSightings } from '../banner.js';
import type { Rule } from '../types.js';

/**
 * Consent is informed only if the visitor can read what they consent to (GDPR art. 4(11), 13): the banner
 * should link to the cookie or privacy policy. Fires when no recorded banner (reject or accept phase) has
 * such a link (banner.policyLinks), once per site, at the first phase that recorded the banner.
 */
export const rule: Rule = {
  meta: {
    id: 'banner-without-policy-link',
    title: 'The banner links to the cookie policy',
    description:
      'The consent banner links to no cookie or privacy policy, so the visitor cannot read what they are asked to consent to. ' +
      'Add a link to the cookie policy in the banner text.',
    defaultSeverity: 'info',
    requiresPolicy: false,
  },
  audit({ site }) {
    const sightings = bannerSightings(site);
    const first = sightings[0];
    if (first === undefined || sightings.some((s) => s.banner.policyLinks.length > 0)) return [];
    return [
      {
        ruleId: 'banner-without-policy-link',
        phase: first.phase.phase,
        page: first.phase.pages[0]?.url ?? site.url,
        item: { type: 'consent', name: first.consent.action },
        message: 'The consent banner links to no cookie or privacy policy. Add a link to the cookie policy in the banner so the visitor can read what they consent to.',
        evidence: { bannerText: first.banner.text, foundBy: first.banner.foundBy },
      },
    ];
  },
};
