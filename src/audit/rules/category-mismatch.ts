import { classifyCookie, classifyRequest, classifyStorage, withArticle, type Classified } from '../../knowledge/classify.js';
import { NO_KNOWLEDGE } from '../../knowledge/knowledge.js';
import type { DeclarationRef } from '../../policy/types.js';
import { cookieItem, cookieLabel, storageItem, storageLabel } from '../describe.js';
import { completedPhases, cookieKey, cookieSightings, firstOfEach, storageKey, storageSightings } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

const declaredAs = (ref: DeclarationRef): string =>
  ref.kind === 'thirdParty' ? `declared as ${ref.category} (through the third party "${ref.name}")` : `declared as ${ref.category}`;

/**
 * The manifest's category for something the databases know differently: a declared cookie or
 * storage key the known-cookie database puts in another category (`_hjSessionUser_*` declared
 * necessary), or a declared third party whose host the tracker list files under another category.
 * A warning, not an error: the databases can be wrong for a particular site, the declaration has
 * to be looked at by a person. Reported once per cookie / storage entry / third-party domain.
 */
export const rule: Rule = {
  meta: {
    id: 'category-mismatch',
    title: 'Declared categories agree with the cookie and tracker databases',
    description:
      'The policy declares a cookie, storage entry or third party under one category, but the known-cookie database (or, for a third ' +
      "party's hosts, the tracker list) puts it in another. Visitors rely on the declared category, and the consent rules are judged by it: " +
      'check the declaration, and if the database is right for this site, correct the category (and when it is set).',
    defaultSeverity: 'warning',
    requiresPolicy: true,
  },
  audit({ site, policy, knowledge = NO_KNOWLEDGE }) {
    const results: RuleResult[] = [];
    const mismatch = (classified: Classified): classified is Classified & { declaration: DeclarationRef; known: NonNullable<Classified['known']> } =>
      classified.declaration !== undefined && classified.known !== undefined && classified.known.category !== classified.declaration.category;
    const evidenceOf = (classified: Classified & { declaration: DeclarationRef; known: NonNullable<Classified['known']> }) => ({
      declaredCategory: classified.declaration.category,
      knownCategory: classified.known.category,
      categorySource: 'database',
      vendor: classified.known.vendor,
      knownAs: `${classified.known.pattern} (${classified.known.match}, ${classified.known.database})`,
      ...(classified.known.reference === undefined ? {} : { reference: classified.known.reference }),
    });

    for (const { phase, cookie } of firstOfEach(cookieSightings(site), (s) => cookieKey(s.cookie))) {
      const classified = classifyCookie(cookie, policy, site.siteDomain, knowledge);
      if (!mismatch(classified)) continue;
      results.push({
        ruleId: 'category-mismatch',
        phase,
        page: cookie.firstSeenPage,
        item: cookieItem(cookie),
        declaration: classified.declaration,
        message: `${cookieLabel(cookie)} is ${declaredAs(classified.declaration)}, but the known-cookie database lists it as ${withArticle(classified.known.category)} cookie of ${classified.known.vendor}; check the declaration, and if the database is right, declare it as ${classified.known.category}.`,
        evidence: evidenceOf(classified),
      });
    }

    for (const { phase, entry } of firstOfEach(storageSightings(site), (s) => storageKey(s.entry))) {
      const classified = classifyStorage(entry, policy, site.siteDomain, knowledge);
      if (!mismatch(classified)) continue;
      results.push({
        ruleId: 'category-mismatch',
        phase,
        page: entry.firstSeenPage,
        item: storageItem(entry),
        declaration: classified.declaration,
        message: `${storageLabel(entry)} is ${declaredAs(classified.declaration)}, but the known-cookie database lists it as ${withArticle(classified.known.category)} entry of ${classified.known.vendor}; check the declaration, and if the database is right, declare it as ${classified.known.category}.`,
        evidence: evidenceOf(classified),
      });
    }

    // Third parties: the hosts the site contacted, against the tracker list.
    const seen = new Set<string>();
    for (const phase of completedPhases(site)) {
      for (const request of phase.requests) {
        if (request.party !== 'third') continue;
        const classified = classifyRequest(request, policy, site.siteDomain, knowledge);
        const { declaration, tracker } = classified ?? {};
        if (classified === undefined || declaration === undefined || tracker === undefined || tracker.category === declaration.category) continue;
        const key = `${declaration.index}\u0000${tracker.domain}`;
        if (seen.has(key)) continue;
        seen.add(key);
        results.push({
          ruleId: 'category-mismatch',
          phase: phase.phase,
          page: request.firstSeenPage,
          item: { type: 'domain', name: tracker.domain },
          declaration,
          message: `The third party "${declaration.kind === 'thirdParty' ? declaration.name : tracker.domain}" is declared as ${declaration.category}, but the tracker list files ${tracker.domain} (${tracker.organisation}) under ${tracker.category}; check the declaration, and if the list is right, declare it as ${tracker.category}.`,
          evidence: {
            declaredCategory: declaration.category,
            knownCategory: tracker.category,
            categorySource: 'tracker-list',
            organisation: tracker.organisation,
            trackerDatabase: tracker.source,
            host: classified.host,
            request: request.url,
          },
        });
      }
    }
    return results;
  },
};
