import { classifyCookie, classifyRequest } from '../../knowledge/classify.js';
import { NO_KNOWLEDGE } from '../../knowledge/knowledge.js';
import type { Knowledge } from '../../knowledge/types.js';
import { declaredNeedingConsent } from '../../policy/needs-consent.js';
import type { Category, PolicyManifest } from '../../policy/types.js';
import { allowedCategoriesPhrase } from '../describe.js';
import { completedPhase, cookieKey, firstOfEach } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

/** Requests to hosts of these categories are tracking (the same line pre-consent-tracker draws). */
const TRACKING: readonly Category[] = ['analytics', 'marketing'];
/** Enough names for a person to recognise the problem; the full list is in the phase evidence. */
const LISTED = 8;

function listed(names: string[]): string {
  return names.length <= LISTED ? names.join(', ') : `${names.slice(0, LISTED).join(', ')} and ${names.length - LISTED} more`;
}

/**
 * A visitor must be able to refuse. Two cases. The manifest says the site has no banner by design while its
 * policy declares what needs consent (judged on the policy). Or: in the reject phase the crawler looked for a banner (the manifest's
 * selectors, else every consent platform autoconsent knows) and found nothing it could operate, while the
 * site set cookies that need consent (category not allowed before consent; undeclared and unknown ones
 * count) or contacted analytics or advertising hosts. One finding per site, saying what was tried; the
 * cookies themselves are reported by pre-consent-cookie, so cookie-after-reject stays quiet here.
 */
export const rule: Rule = {
  meta: {
    id: 'no-consent-banner',
    title: 'A visitor can refuse consent',
    description:
      'The site sets cookies that need consent, or calls trackers, but no consent banner could be found or operated to refuse them: ' +
      'neither the manifest\'s consent.reject selector nor any consent platform autoconsent recognises. ' +
      'Show a banner with a way to reject all before setting them; if the site has its own banner, name its reject button in consent.reject.',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site, policy, knowledge = NO_KNOWLEDGE }) {
    return [...bannerless(site.url, policy), ...unrefusable(site, policy, knowledge)];
  },
};

/**
 * The manifest says the site has no banner by design, while its policy declares cookies, storage or third
 * parties that need consent: there is no way to give that consent, whatever the crawl saw. Judged on the
 * policy alone, so it holds even where the site happened not to set them during the scan.
 */
function bannerless(siteUrl: string, policy: PolicyManifest): RuleResult[] {
  if (policy.consent.banner !== 'none') return [];
  const needed = declaredNeedingConsent(policy);
  if (needed.length === 0) return [];
  return [
    {
      ruleId: 'no-consent-banner',
      page: siteUrl,
      item: { type: 'consent', name: 'banner' },
      message: `The manifest says the site has no consent banner (consent.banner: none), yet its policy declares ${needed.length} item(s) that need consent (${listed(needed)}): a visitor has no way to give or refuse it. Show a banner with accept and reject-all choices, or stop using them.`,
      evidence: { declared: needed.join(', ') },
    },
  ];
}

function unrefusable(site: Parameters<Rule['audit']>[0]['site'], policy: PolicyManifest, knowledge: Knowledge): RuleResult[] {
  const reject = completedPhase(site, 'reject');
  if (reject?.consent?.method !== 'none') return [];
  const allowed = policy.consent.beforeConsent;
  const cookies = firstOfEach(reject.cookies, cookieKey).filter((cookie) => {
    const { category } = classifyCookie(cookie, policy, site.siteDomain, knowledge);
    return category === null || !allowed.includes(category);
  });
  const trackerHosts = new Set<string>();
  for (const request of reject.requests) {
    if (request.party !== 'third') continue;
    const classified = classifyRequest(request, policy, site.siteDomain, knowledge);
    if (classified?.category && TRACKING.includes(classified.category) && !allowed.includes(classified.category)) trackerHosts.add(classified.host);
  }
  if (cookies.length === 0 && trackerHosts.size === 0) return [];

  const cookieNames = cookies.map((c) => `${c.name} (${c.domain})`);
  const hosts = [...trackerHosts].sort();
  const what = [
    ...(cookies.length > 0 ? [`set ${cookies.length} cookie(s) that are not ${allowedCategoriesPhrase(allowed)} (${listed(cookieNames)})`] : []),
    ...(hosts.length > 0 ? [`contacted ${hosts.length} tracker host(s) (${listed(hosts)})`] : []),
  ].join(' and ');
  const tried = reject.consent.tried ?? [reject.consent.note];
  return [
    {
      ruleId: 'no-consent-banner',
      phase: 'reject',
      page: reject.pages[0]?.url ?? site.url,
      item: { type: 'consent', name: 'reject' },
      message: `No consent banner could be found or operated to refuse consent, yet the site ${what}. Tried: ${tried.join('; ')}. Show a banner with a reject-all choice before setting them, or name the site's own reject button in consent.reject.`,
      evidence: {
        platform: reject.consent.platform ?? null,
        cookies: cookieNames.join(', '),
        trackerHosts: hosts.join(', '),
        tried: tried.join('; '),
      },
    },
  ];
}
