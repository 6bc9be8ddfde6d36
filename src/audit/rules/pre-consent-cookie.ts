import { matchCookie } from '../../policy/match.js';
import { allowedCategoriesPhrase, cookieItem, cookieLabel, setterEvidence } from '../describe.js';
import { completedPhase, cookieKey, firstOfEach } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

/**
 * Before the visitor chooses, only the categories in `consent.beforeConsent` may be set (usually just
 * necessary). An undeclared cookie has no category, and nobody has claimed the exemption for it, so it
 * counts as not allowed; this is why the rule also works without a manifest.
 */
export const rule: Rule = {
  meta: {
    id: 'pre-consent-cookie',
    title: 'Only exempt cookies are set before consent',
    description:
      'A cookie was present before the visitor answered the consent banner although its category is not allowed before consent ' +
      '(policy consent.beforeConsent, by default only necessary). Undeclared cookies count as not allowed. ' +
      'Load the code that sets it only after consent, or, if it really is strictly necessary, declare it as such.',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site, policy }) {
    const pre = completedPhase(site, 'pre');
    if (pre === undefined) return [];
    const allowed = policy.consent.beforeConsent;
    const results: RuleResult[] = [];
    // Evidence is one entry per cookie already; deduplicating keeps one finding per cookie regardless.
    for (const cookie of firstOfEach(pre.cookies, cookieKey)) {
      const declaration = matchCookie(policy, cookie, site.siteDomain);
      if (declaration !== undefined && allowed.includes(declaration.category)) continue;
      const base = {
        ruleId: 'pre-consent-cookie',
        phase: 'pre' as const,
        page: cookie.firstSeenPage,
        item: cookieItem(cookie),
        evidence: {
          category: declaration?.category ?? null,
          allowedBeforeConsent: allowed.join(', '),
          party: cookie.party,
          ...setterEvidence(cookie),
        },
      };
      results.push(
        declaration === undefined
          ? {
              ...base,
              message: `${cookieLabel(cookie)} is set before consent but is not declared in the policy, so it cannot be treated as ${allowedCategoriesPhrase(allowed)}; declare it or load it only after consent.`,
            }
          : {
              ...base,
              message: `${cookieLabel(cookie)} is set before consent although the policy declares it as ${declaration.category}, which needs consent; set it only after the visitor accepts ${declaration.category} cookies.`,
              declaration,
            },
      );
    }
    return results;
  },
};
