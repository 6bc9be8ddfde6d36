import { classifyCookie, classifyStorage, type Classified } from '../../knowledge/classify.js';
import { NO_KNOWLEDGE } from '../../knowledge/knowledge.js';
import { CATEGORIES, type Category } from '../../policy/types.js';
import { cookieItem, cookieLabel, setterEvidence, storageItem, storageLabel } from '../describe.js';
import { categoryEvidence, undeclaredCategoryPhrase } from '../knowledge-evidence.js';
import { cookieKey, cookieSightings, firstOfEach, storageKey, storageSightings } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

/** Where the category came from, in words: "declared so in the policy", "the known-cookie database lists it as …". */
const because = (classified: Classified): string =>
  classified.source === 'manifest' ? 'declared so in the policy' : undeclaredCategoryPhrase(classified);

/**
 * A policy that says "we use no advertising cookies" (`categories: { marketing: forbidden }`) is
 * broken by any cookie or storage entry of that category, in any phase, even after "accept all":
 * the promise is about the site, not about consent. The category is the manifest's when declared,
 * else the known-cookie database's, else the tracker list's. Reported once per item.
 */
export const rule: Rule = {
  meta: {
    id: 'forbidden-category',
    title: 'No cookie of a category the policy rules out',
    description:
      'The policy forbids a category outright (categories: { marketing: forbidden } — "we use no advertising cookies"), yet a cookie or ' +
      'storage entry of that category was observed, by its declaration, the known-cookie database or the tracker list. ' +
      'Remove the code that sets it, or, if the site does use the category, change the policy and tell visitors.',
    defaultSeverity: 'error',
    requiresPolicy: true,
  },
  audit({ site, policy, knowledge = NO_KNOWLEDGE }) {
    const forbidden = CATEGORIES.filter((c) => policy.categories[c] === 'forbidden');
    if (forbidden.length === 0) return [];
    const isForbidden = (category: Category | null): category is Category => category !== null && forbidden.includes(category);
    const results: RuleResult[] = [];

    for (const { phase, cookie } of firstOfEach(cookieSightings(site), (s) => cookieKey(s.cookie))) {
      const classified = classifyCookie(cookie, policy, site.siteDomain, knowledge);
      if (!isForbidden(classified.category)) continue;
      const category = classified.category;
      results.push({
        ruleId: 'forbidden-category',
        phase,
        page: cookie.firstSeenPage,
        item: cookieItem(cookie),
        ...(classified.declaration === undefined ? {} : { declaration: classified.declaration }),
        message: `${cookieLabel(cookie)} is a ${category} cookie (${because(classified)}), but the policy says the site uses no ${category} cookies (categories.${category}: forbidden); remove what sets it, or change the policy.`,
        evidence: { ...categoryEvidence(classified), party: cookie.party, ...setterEvidence(cookie) },
      });
    }

    for (const { phase, entry } of firstOfEach(storageSightings(site), (s) => storageKey(s.entry))) {
      const classified = classifyStorage(entry, policy, site.siteDomain, knowledge);
      if (!isForbidden(classified.category)) continue;
      const category = classified.category;
      results.push({
        ruleId: 'forbidden-category',
        phase,
        page: entry.firstSeenPage,
        item: storageItem(entry),
        ...(classified.declaration === undefined ? {} : { declaration: classified.declaration }),
        message: `${storageLabel(entry)} is ${category} storage (${because(classified)}), but the policy says the site uses no ${category} cookies or storage (categories.${category}: forbidden); remove what writes it, or change the policy.`,
        evidence: { ...categoryEvidence(classified), party: entry.party },
      });
    }
    return results;
  },
};
