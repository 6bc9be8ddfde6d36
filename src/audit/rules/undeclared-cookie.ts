import { matchCookie } from '../../policy/match.js';
import { cookieItem, cookieLabel, setterEvidence } from '../describe.js';
import { cookieKey, cookieSightings, firstOfEach } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

/** A cookie the manifest does not mention: neither by name (or glob) nor through a third party's domains. */
export const rule: Rule = {
  meta: {
    id: 'undeclared-cookie',
    title: 'Every cookie is declared in the policy',
    description:
      'A cookie was set that matches no cookie declaration and no third party of the manifest, so visitors are not told it exists. ' +
      'Declare it (name or glob, category, purpose, expiry) or stop setting it. Reported once per cookie, at the first phase it was seen in.',
    defaultSeverity: 'error',
    requiresPolicy: true,
  },
  audit({ site, policy }) {
    const sightings = cookieSightings(site);
    const undeclared = sightings.filter(({ cookie }) => matchCookie(policy, cookie, site.siteDomain) === undefined);
    return firstOfEach(undeclared, (s) => cookieKey(s.cookie)).map(({ phase, cookie }): RuleResult => {
      const phases = sightings.filter((s) => cookieKey(s.cookie) === cookieKey(cookie)).map((s) => s.phase);
      return {
        ruleId: 'undeclared-cookie',
        phase,
        page: cookie.firstSeenPage,
        item: cookieItem(cookie),
        message: `${cookieLabel(cookie)} is not declared in the policy; add it to the manifest with its category, purpose and expiry, or stop setting it.`,
        evidence: { path: cookie.path, party: cookie.party, seenInPhases: phases.join(', '), ...setterEvidence(cookie) },
      };
    });
  },
};
