import { classifyRequest, type ClassifiedRequest } from '../../knowledge/classify.js';
import { NO_KNOWLEDGE } from '../../knowledge/knowledge.js';
import type { RequestObservation } from '../../evidence/types.js';
import type { Category } from '../../policy/types.js';
import { allowedCategoriesPhrase } from '../describe.js';
import { completedPhase } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

/**
 * Tracking is not only cookies: a pixel or beacon sent before the visitor chose already hands their
 * IP address, the page and often an identifier to an analytics or advertising company. So a request
 * before consent to a third-party host whose category is analytics or marketing (by the manifest's
 * thirdParties, else the tracker list) is a finding, cookie or not. Functional hosts (CDNs, consent
 * platforms, chat widgets) are not trackers, and categories the policy allows before consent are fine.
 * One finding per host.
 */
const TRACKING: readonly Category[] = ['analytics', 'marketing'];

export const rule: Rule = {
  meta: {
    id: 'pre-consent-tracker',
    title: 'No tracker is contacted before consent',
    description:
      'Before the visitor answered the consent banner, the page made a request to an analytics or advertising host (by the policy\'s ' +
      'thirdParties, else the tracker list), even if no cookie was set: pixels and beacons transmit personal data too. ' +
      'Load the tag only after consent (or use a consent mode that sends nothing before it).',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site, policy, knowledge = NO_KNOWLEDGE }) {
    const pre = completedPhase(site, 'pre');
    if (pre === undefined) return [];
    const allowed = policy.consent.beforeConsent;
    const byHost = new Map<string, { classified: ClassifiedRequest & { category: Category }; requests: RequestObservation[] }>();
    for (const request of pre.requests) {
      if (request.party !== 'third') continue;
      const classified = classifyRequest(request, policy, site.siteDomain, knowledge);
      if (classified === undefined || classified.category === null) continue;
      const { category } = classified;
      if (!TRACKING.includes(category) || allowed.includes(category)) continue;
      const group = byHost.get(classified.host) ?? { classified: { ...classified, category }, requests: [] };
      group.requests.push(request);
      byHost.set(classified.host, group);
    }
    return [...byHost.values()].map(({ classified, requests }): RuleResult => {
      const first = requests[0]!;
      const { tracker, declaration, category } = classified;
      const who = tracker?.vendor ?? tracker?.organisation ?? (declaration?.kind === 'thirdParty' ? declaration.name : classified.host);
      const source =
        classified.source === 'manifest'
          ? `declared as ${category} in the policy's thirdParties`
          : `${category} according to the tracker list`;
      const count = requests.reduce((sum, r) => sum + r.count, 0);
      return {
        ruleId: 'pre-consent-tracker',
        phase: 'pre',
        page: first.firstSeenPage,
        item: { type: 'request', name: first.url, domain: classified.host },
        ...(declaration === undefined ? {} : { declaration }),
        message: `Before consent the page contacted ${classified.host} (${who}, ${source}): ${count} request(s), e.g. ${first.url} (${first.resourceType}); only ${allowedCategoriesPhrase(allowed)} services may be used before consent, so load it only after the visitor accepts ${category}.`,
        evidence: {
          category,
          categorySource: classified.source,
          organisation: tracker?.organisation ?? null,
          ...(tracker === undefined ? {} : { trackerDomain: `${tracker.domain} (${tracker.source})` }),
          requests: count,
          urls: requests.map((r) => r.url).slice(0, 5).join(' '),
          resourceTypes: [...new Set(requests.map((r) => r.resourceType))].sort().join(', '),
          allowedBeforeConsent: allowed.join(', '),
        },
      };
    });
  },
};
