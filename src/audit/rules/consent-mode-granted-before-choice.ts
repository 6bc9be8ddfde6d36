import { completedPhase } from '../sightings.js';
import { describeGranted, grantedSignals } from '../signals.js';
import type { Rule } from '../types.js';

/**
 * Before the visitor chose (the pre phase), Google's tags were told they may store or use data: a
 * consent default (or update) of granted, or a Google hit whose gcs / gcd says granted, for a type whose
 * category the manifest does not allow before consent (ad_* need marketing, analytics_storage analytics).
 * Commands limited to regions are not judged (the visitor's region is not known). One finding for the phase.
 */
export const rule: Rule = {
  meta: {
    id: 'consent-mode-granted-before-choice',
    title: 'Google Consent Mode is denied until the visitor chooses',
    description:
      "Before the visitor touched the banner, Google's tags were told consent was granted: a gtag('consent', 'default') of granted, " +
      'or Google hits whose gcs / gcd parameters say granted, for advertising or analytics. Set every consent type to denied by default ' +
      'and grant it only in the update the banner sends when the visitor accepts.',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site, policy }) {
    const pre = completedPhase(site, 'pre');
    if (pre === undefined) return [];
    // Every request of the pre phase was made before any choice: the whole phase's Google hits count.
    const granted = grantedSignals(pre, policy.consent.beforeConsent, true);
    if (granted.length === 0) return [];
    const types = [...new Set(granted.flatMap((g) => g.types))].sort();
    return [
      {
        ruleId: 'consent-mode-granted-before-choice',
        phase: 'pre',
        page: pre.signals?.page ?? site.url,
        item: { type: 'signal', name: 'consent-mode' },
        message: `Before any choice, Google's tags were told ${types.join(', ')} granted: ${describeGranted(granted)}. Default every type to denied until the visitor accepts.`,
        evidence: { types: types.join(', '), sources: granted.map((g) => g.source).join('; ') },
      },
    ];
  },
};
