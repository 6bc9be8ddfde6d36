import { classifyCookie } from '../../knowledge/classify.js';
import { NO_KNOWLEDGE } from '../../knowledge/knowledge.js';
import { allowedCategoriesPhrase, cookieItem, cookieLabel, setterEvidence } from '../describe.js';
import { categoryEvidence, undeclaredCategoryPhrase } from '../knowledge-evidence.js';
import { completedPhase, cookieKey, firstOfEach } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

/**
 * Before the visitor chooses, only the categories in `consent.beforeConsent` may be set (usually just
 * necessary). A cookie the manifest does not declare is judged by the category the known-cookie
 * database or the tracker list gives it; one nobody knows has no category, nobody has claimed the
 * exemption for it, and it counts as not allowed. This is why the rule also works without a manifest.
 */
export const rule: Rule = {
  meta: {
    id: 'pre-consent-cookie',
    title: 'Only exempt cookies are set before consent',
    description:
      'A cookie was present before the visitor answered the consent banner although its category is not allowed before consent ' +
      '(policy consent.beforeConsent, by default only necessary). A cookie the policy does not declare takes its category from the ' +
      'known-cookie database, else from the tracker list; unknown cookies count as not allowed. ' +
      'Load the code that sets it only after consent, or, if it really is strictly necessary, declare it as such.',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site, policy, knowledge = NO_KNOWLEDGE }) {
    const pre = completedPhase(site, 'pre');
    if (pre === undefined) return [];
    const allowed = policy.consent.beforeConsent;
    const results: RuleResult[] = [];
    // Evidence is one entry per cookie already; deduplicating keeps one finding per cookie regardless.
    for (const cookie of firstOfEach(pre.cookies, cookieKey)) {
      const classified = classifyCookie(cookie, policy, site.siteDomain, knowledge);
      if (classified.category !== null && allowed.includes(classified.category)) continue;
      const { declaration } = classified;
      const base = {
        ruleId: 'pre-consent-cookie',
        phase: 'pre' as const,
        page: cookie.firstSeenPage,
        item: cookieItem(cookie),
        evidence: {
          ...categoryEvidence(classified),
          allowedBeforeConsent: allowed.join(', '),
          party: cookie.party,
          ...setterEvidence(cookie),
        },
      };
      if (declaration !== undefined) {
        results.push({
          ...base,
          message: `${cookieLabel(cookie)} is set before consent although the policy declares it as ${declaration.category}, which needs consent; set it only after the visitor accepts ${declaration.category} cookies.`,
          declaration,
        });
      } else if (classified.category === null) {
        results.push({
          ...base,
          message: `${cookieLabel(cookie)} is set before consent but is not declared in the policy, and the cookie databases do not know it, so it cannot be treated as ${allowedCategoriesPhrase(allowed)}; declare it or load it only after consent.`,
        });
      } else {
        results.push({
          ...base,
          message: `${cookieLabel(cookie)} is set before consent; the policy does not declare it, and ${undeclaredCategoryPhrase(classified)}, which needs consent; load it only after the visitor accepts ${classified.category} cookies, or declare it.`,
        });
      }
    }
    return results;
  },
};
