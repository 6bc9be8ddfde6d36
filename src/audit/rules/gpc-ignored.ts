import { classifyCookie, classifyRequest } from '../../knowledge/classify.js';
import { NO_KNOWLEDGE } from '../../knowledge/knowledge.js';
import type { RequestObservation } from '../../evidence/types.js';
import type { Category } from '../../policy/types.js';
import { cookieItem, cookieLabel, setterEvidence } from '../describe.js';
import { categoryEvidence } from '../knowledge-evidence.js';
import { completedPhase, cookieKey, firstOfEach } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

/** Requests to hosts of these categories are tracking (the same line pre-consent-tracker draws). */
const TRACKING: readonly Category[] = ['analytics', 'marketing'];
const GPC = 'Global Privacy Control (Sec-GPC: 1, navigator.globalPrivacyControl = true)';

/**
 * Global Privacy Control is the visitor's standing refusal, sent with every request: the gpc phase never
 * touches the banner, so whatever it observes is what a GPC visitor gets. A cookie that is not necessary
 * (undeclared and unknown ones count) or a request to an analytics or advertising host there ignores the
 * signal. One finding per cookie and per tracker host.
 */
export const rule: Rule = {
  meta: {
    id: 'gpc-ignored',
    title: 'Global Privacy Control is honoured',
    description:
      'With Global Privacy Control on (the Sec-GPC: 1 header and navigator.globalPrivacyControl), and without touching the banner, the site ' +
      'set a cookie that is not necessary or contacted an analytics or advertising host. Treat GPC as a refusal: check the header or ' +
      'navigator.globalPrivacyControl before loading optional tags.',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site, policy, knowledge = NO_KNOWLEDGE }) {
    const gpc = completedPhase(site, 'gpc');
    if (gpc === undefined) return [];
    const promised = { honorsGpc: policy.consent.honorsGpc === true };
    const results: RuleResult[] = [];
    for (const cookie of firstOfEach(gpc.cookies, cookieKey)) {
      const classified = classifyCookie(cookie, policy, site.siteDomain, knowledge);
      if (classified.category === 'necessary') continue;
      const what = classified.category === null ? 'not known to be necessary (undeclared and unknown)' : `${classified.category}, not necessary`;
      results.push({
        ruleId: 'gpc-ignored',
        phase: 'gpc',
        page: cookie.firstSeenPage,
        item: cookieItem(cookie),
        ...(classified.declaration === undefined ? {} : { declaration: classified.declaration }),
        message: `${cookieLabel(cookie)} is set although the browser sent ${GPC}; it is ${what}. Do not set it when GPC is on.`,
        evidence: { ...categoryEvidence(classified), party: cookie.party, ...promised, ...setterEvidence(cookie) },
      });
    }
    const byHost = new Map<string, { category: Category; source: string; requests: RequestObservation[] }>();
    for (const request of gpc.requests) {
      if (request.party !== 'third') continue;
      const classified = classifyRequest(request, policy, site.siteDomain, knowledge);
      if (!classified?.category || !TRACKING.includes(classified.category)) continue;
      const group = byHost.get(classified.host) ?? { category: classified.category, source: classified.source, requests: [] };
      group.requests.push(request);
      byHost.set(classified.host, group);
    }
    for (const [host, { category, source, requests }] of byHost) {
      const first = requests[0]!;
      results.push({
        ruleId: 'gpc-ignored',
        phase: 'gpc',
        page: first.firstSeenPage,
        item: { type: 'request', name: first.url, domain: host },
        message: `The page contacted ${host} (${category}) although the browser sent ${GPC}, e.g. ${first.url}. Do not load this tag when GPC is on.`,
        evidence: { category, categorySource: source, requests: requests.reduce((sum, r) => sum + r.count, 0), ...promised },
      });
    }
    return results;
  },
};
