import { completedPhase } from '../sightings.js';
import { describeGranted, grantedSignals } from '../signals.js';
import type { Rule } from '../types.js';

/**
 * After "reject all" (read on the start page after the refusal and the reload), Google's tags were told
 * consent was granted: a consent command or a Google hit saying granted for advertising or analytics.
 * One finding for the phase.
 */
export const rule: Rule = {
  meta: {
    id: 'consent-mode-granted-after-reject',
    title: 'Google Consent Mode stays denied after the visitor refused',
    description:
      "After the visitor chose \"reject all\", Google's tags were still told consent was granted: a gtag('consent', …) command of granted, " +
      'or Google hits whose gcs / gcd parameters say granted, for advertising or analytics. Send denied for every type the visitor refused.',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site, policy }) {
    const reject = completedPhase(site, 'reject');
    if (!reject?.consent?.succeeded) return [];
    // Only the start page's document after the reload: the phase's earlier requests came before the click.
    const granted = grantedSignals(reject, policy.consent.beforeConsent, false);
    if (granted.length === 0) return [];
    const types = [...new Set(granted.flatMap((g) => g.types))].sort();
    return [
      {
        ruleId: 'consent-mode-granted-after-reject',
        phase: 'reject',
        page: reject.signals?.page ?? site.url,
        item: { type: 'signal', name: 'consent-mode' },
        message: `After "reject all", Google's tags were told ${types.join(', ')} granted: ${describeGranted(granted)}. Send denied for every type the visitor refused.`,
        evidence: { types: types.join(', '), sources: granted.map((g) => g.source).join('; ') },
      },
    ];
  },
};
