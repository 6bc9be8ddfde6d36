import { classifyCookie } from '../../knowledge/classify.js';
import { NO_KNOWLEDGE } from '../../knowledge/knowledge.js';
import { matchCookie } from '../../policy/match.js';
import { cookieItem, cookieLabel, setterEvidence } from '../describe.js';
import { categoryEvidence, undeclaredCategoryPhrase } from '../knowledge-evidence.js';
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
  audit({ site, policy, knowledge = NO_KNOWLEDGE }) {
    const sightings = cookieSightings(site);
    const undeclared = sightings.filter(({ cookie }) => matchCookie(policy, cookie, site.siteDomain) === undefined);
    return firstOfEach(undeclared, (s) => cookieKey(s.cookie)).map(({ phase, cookie }): RuleResult => {
      const phases = sightings.filter((s) => cookieKey(s.cookie) === cookieKey(cookie)).map((s) => s.phase);
      // What the databases know helps whoever declares it; an unknown cookie's finding stays as it was.
      const classified = classifyCookie(cookie, policy, site.siteDomain, knowledge);
      const known = classified.category !== null;
      return {
        ruleId: 'undeclared-cookie',
        phase,
        page: cookie.firstSeenPage,
        item: cookieItem(cookie),
        message: known
          ? `${cookieLabel(cookie)} is not declared in the policy (${undeclaredCategoryPhrase(classified)}); add it to the manifest with its category, purpose and expiry, or stop setting it.`
          : `${cookieLabel(cookie)} is not declared in the policy; add it to the manifest with its category, purpose and expiry, or stop setting it.`,
        evidence: {
          path: cookie.path,
          party: cookie.party,
          seenInPhases: phases.join(', '),
          ...setterEvidence(cookie),
          ...(known ? categoryEvidence(classified) : {}),
        },
      };
    });
  },
};
