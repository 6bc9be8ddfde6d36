import { classifyCookie } from '../../knowledge/classify.js';
import { NO_KNOWLEDGE } from '../../knowledge/knowledge.js';
import { cookieItem, cookieLabel, setterEvidence } from '../describe.js';
import { categoryEvidence, undeclaredCategoryPhrase } from '../knowledge-evidence.js';
import { completedPhase, cookieKey, firstOfEach } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

/**
 * After "reject all" only cookies of the categories allowed without consent (consent.beforeConsent, by
 * default necessary) may remain. The reject phase starts in a fresh context,
 * so this includes cookies set before the click that the site did not remove afterwards.
 * A cookie the manifest does not declare takes its category from the known-cookie database, else
 * the tracker list; one nobody knows counts as not necessary.
 */
export const rule: Rule = {
  meta: {
    id: 'cookie-after-reject',
    title: 'Only necessary cookies remain after rejecting',
    description:
      'A cookie was present after the visitor rejected all optional cookies although it is not necessary: by the policy\'s declaration, ' +
      'else by the known-cookie database or the tracker list (cookies nobody knows count as not necessary). ' +
      'Stop setting it when consent is refused, delete it on reject, or declare it as necessary if it truly is.',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site, policy, knowledge = NO_KNOWLEDGE }) {
    const reject = completedPhase(site, 'reject');
    // No banner could be found to reject: nothing here is "after reject"; no-consent-banner reports it.
    if (reject === undefined || reject.consent?.method === 'none') return [];
    // A banner that offers no refusal was left as it was: nothing here is "after reject"; no-reject-option reports it.
    if (reject.consent?.refusal === 'impossible') return [];
    // What the site may set before consent is not withdrawn by a refusal (the same allowance as pre-consent-cookie).
    const allowed = policy.consent.beforeConsent;
    // When the reject click itself failed, the finding still stands but readers should know.
    const consentEvidence = reject.consent === undefined ? {} : { rejectSucceeded: reject.consent.succeeded };
    const results: RuleResult[] = [];
    // Evidence is one entry per cookie already; deduplicating keeps one finding per cookie regardless.
    for (const cookie of firstOfEach(reject.cookies, cookieKey)) {
      const classified = classifyCookie(cookie, policy, site.siteDomain, knowledge);
      if (classified.category !== null && allowed.includes(classified.category)) continue;
      const { declaration } = classified;
      const base = {
        ruleId: 'cookie-after-reject',
        phase: 'reject' as const,
        page: cookie.firstSeenPage,
        item: cookieItem(cookie),
        evidence: {
          ...categoryEvidence(classified),
          party: cookie.party,
          ...consentEvidence,
          ...setterEvidence(cookie),
        },
      };
      if (declaration !== undefined) {
        results.push({
          ...base,
          message: `${cookieLabel(cookie)} is present after the visitor rejected all cookies although the policy declares it as ${declaration.category}; stop setting it, and delete it, when consent is refused.`,
          declaration,
        });
      } else if (classified.category === null) {
        results.push({
          ...base,
          message: `${cookieLabel(cookie)} is present after the visitor rejected all cookies but is not declared in the policy, and the cookie databases do not know it, so it cannot be treated as strictly necessary; declare it as necessary or stop setting it when consent is refused.`,
        });
      } else {
        results.push({
          ...base,
          message: `${cookieLabel(cookie)} is present after the visitor rejected all cookies; the policy does not declare it, and ${undeclaredCategoryPhrase(classified)}; stop setting it, and delete it, when consent is refused.`,
        });
      }
    }
    return results;
  },
};
