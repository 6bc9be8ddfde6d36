import { isGoogleTagRequest } from '../../consent/signals/vocabulary.js';
import { completedPhases } from '../sightings.js';
import type { Rule } from '../types.js';

/**
 * The site has a consent banner and Google's advertising or analytics tags run, yet no phase shows any
 * Consent Mode state: no consent command in the dataLayer, no Google request with gcs or gcd. Google's tags
 * then cannot know what the visitor chose (and Google's EU user consent policy asks for Consent Mode v2).
 * One finding per site, at the first phase where a Google tag ran.
 */
export const rule: Rule = {
  meta: {
    id: 'consent-mode-missing',
    title: 'Google tags are told the consent state (Consent Mode)',
    description:
      "Google's advertising or analytics tags (the Google tag, GA4, Google Ads, DoubleClick) run on a site with a consent banner, but no Consent Mode " +
      "state was ever given to them: no gtag('consent', 'default' | 'update') command and no gcs / gcd on their requests. Have the banner set a " +
      'denied default before the tags load and send an update with the visitor\'s choice.',
    defaultSeverity: 'warning',
    requiresPolicy: false,
  },
  audit({ site }) {
    const phases = completedPhases(site);
    const banner = phases.some((p) => p.consent?.bannerSeen === true || (p.consent?.succeeded === true && p.consent.method !== 'none'));
    if (!banner) return [];
    const stated = phases.some(
      (p) => (p.signals?.consentMode.commands.length ?? 0) > 0 || (p.signals?.consentMode.hits.length ?? 0) > 0 || p.requests.some((r) => r.consentMode !== undefined),
    );
    if (stated) return [];
    for (const phase of phases) {
      const tags = phase.requests.filter((r) => isGoogleTagRequest(r.url));
      if (tags.length === 0) continue;
      const hosts = [...new Set(tags.map((r) => new URL(r.url).hostname))].sort();
      return [
        {
          ruleId: 'consent-mode-missing',
          phase: phase.phase,
          page: tags[0]!.firstSeenPage,
          item: { type: 'signal', name: 'consent-mode' },
          message: `Google tags run (${hosts.join(', ')}, e.g. ${tags[0]!.url}) on a site with a consent banner, but they were never given a Consent Mode state. Set a denied default before they load and update it with the visitor's choice.`,
          evidence: { hosts: hosts.join(', '), requests: tags.reduce((sum, r) => sum + r.count, 0) },
        },
      ];
    }
    return [];
  },
};
