import { completedPhase } from '../sightings.js';
import { describeGranted, grantedInEffect } from '../signals.js';
import type { Rule } from '../types.js';

/**
 * After "reject all" (read on the start page after the refusal and the reload), Google's tags acted on a
 * granted state: the state in effect once the page's consent commands ran, or a Google hit saying granted,
 * for advertising or analytics. A granted default that a later update denied before any hit said granted
 * (a page that pushes its default on every load, then the stored refusal) is at most info: no tag acted on it.
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
    const { inEffect, overridden } = grantedInEffect(reject, policy.consent.beforeConsent);
    if (inEffect.length === 0) {
      if (overridden.length === 0) return [];
      const types = [...new Set(overridden.flatMap((g) => g.types))].sort();
      return [
        {
          ruleId: 'consent-mode-granted-after-reject',
          severity: 'info',
          phase: 'reject',
          page: reject.signals?.page ?? site.url,
          item: { type: 'signal', name: 'consent-mode' },
          message: `After "reject all", ${describeGranted(overridden)}, but a later update denied ${types.join(', ')} before any Google hit said granted: the tags acted on denied. Pushing the stored refusal as the default avoids the moment of granted.`,
          evidence: { types: types.join(', '), sources: overridden.map((g) => g.source).join('; '), inEffect: false },
        },
      ];
    }
    const granted = inEffect;
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
