import { cookieRef, matchCookie, matchStorage, storageRef } from '../../policy/match.js';
import { completedPhases, cookieSightings, storageSightings } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

/**
 * A declaration nothing matched is either stale (the cookie is gone) or the scan missed the page
 * that sets it; either way the policy and the site disagree. Only informational: a scan sees a few
 * pages and phases, not every path a visitor can take. Third-party entries are not reported: they
 * declare whatever a vendor may set, not a promise that it is set.
 */
export const rule: Rule = {
  meta: {
    id: 'declared-not-observed',
    title: 'Every declared cookie and storage entry was observed',
    description:
      'A cookie or storage declaration in the manifest matched nothing in any completed phase of the scan. ' +
      'Remove it if the site no longer sets it, or add the page that sets it to the scan.',
    defaultSeverity: 'info',
    requiresPolicy: true,
  },
  audit({ site, policy }) {
    const phases = completedPhases(site);
    // Nothing was observed at all, so absence proves nothing.
    if (phases.length === 0) return [];
    const scanned = phases.map((p) => p.phase).join(', ');

    const matched = new Set<string>();
    for (const { cookie } of cookieSightings(site)) {
      const ref = matchCookie(policy, cookie, site.siteDomain);
      if (ref !== undefined) matched.add(`${ref.kind}:${ref.index}`);
    }
    for (const { entry } of storageSightings(site)) {
      const ref = matchStorage(policy, entry, site.siteDomain);
      if (ref !== undefined) matched.add(`${ref.kind}:${ref.index}`);
    }

    const cookies = policy.cookies
      .filter((decl) => !matched.has(`cookie:${decl.index}`))
      .map((decl): RuleResult => ({
        ruleId: 'declared-not-observed',
        item: { type: 'declaration', name: decl.name, ...(decl.domain === undefined ? {} : { domain: decl.domain }) },
        message: `The policy declares cookie "${decl.name}" but no cookie matching it was seen in any phase scanned (${scanned}); remove the declaration if the site no longer sets it, or scan the page that does.`,
        declaration: cookieRef(decl),
        evidence: { phasesScanned: scanned },
      }));
    const storage = policy.storage
      .filter((decl) => !matched.has(`storage:${decl.index}`))
      .map((decl): RuleResult => ({
        ruleId: 'declared-not-observed',
        item: { type: 'declaration', name: decl.key, storageType: decl.type },
        message: `The policy declares ${decl.type} entry "${decl.key}" but nothing matching it was seen in any phase scanned (${scanned}); remove the declaration if the site no longer writes it, or scan the page that does.`,
        declaration: storageRef(decl),
        evidence: { phasesScanned: scanned },
      }));
    return [...cookies, ...storage];
  },
};
