import { matchCookie } from '../../policy/match.js';
import { cookieItem, cookieLabel, setterEvidence } from '../describe.js';
import { completedPhase, cookieKey, firstOfEach } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

/**
 * After "reject all" only necessary cookies may remain. The reject phase starts in a fresh context,
 * so this includes cookies set before the click that the site did not remove afterwards.
 * An undeclared cookie has no category and counts as not necessary.
 */
export const rule: Rule = {
  meta: {
    id: 'cookie-after-reject',
    title: 'Only necessary cookies remain after rejecting',
    description:
      'A cookie was present after the visitor rejected all optional cookies although it is not declared as necessary ' +
      '(undeclared cookies count as not necessary). Stop setting it when consent is refused, delete it on reject, ' +
      'or declare it as necessary if it truly is.',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site, policy }) {
    const reject = completedPhase(site, 'reject');
    if (reject === undefined) return [];
    // When the reject click itself failed, the finding still stands but readers should know.
    const consentEvidence = reject.consent === undefined ? {} : { rejectSucceeded: reject.consent.succeeded };
    const results: RuleResult[] = [];
    // Evidence is one entry per cookie already; deduplicating keeps one finding per cookie regardless.
    for (const cookie of firstOfEach(reject.cookies, cookieKey)) {
      const declaration = matchCookie(policy, cookie, site.siteDomain);
      if (declaration?.category === 'necessary') continue;
      const base = {
        ruleId: 'cookie-after-reject',
        phase: 'reject' as const,
        page: cookie.firstSeenPage,
        item: cookieItem(cookie),
        evidence: {
          category: declaration?.category ?? null,
          party: cookie.party,
          ...consentEvidence,
          ...setterEvidence(cookie),
        },
      };
      results.push(
        declaration === undefined
          ? {
              ...base,
              message: `${cookieLabel(cookie)} is present after the visitor rejected all cookies but is not declared in the policy, so it cannot be treated as strictly necessary; declare it as necessary or stop setting it when consent is refused.`,
            }
          : {
              ...base,
              message: `${cookieLabel(cookie)} is present after the visitor rejected all cookies although the policy declares it as ${declaration.category}; stop setting it, and delete it, when consent is refused.`,
              declaration,
            },
      );
    }
    return results;
  },
};
