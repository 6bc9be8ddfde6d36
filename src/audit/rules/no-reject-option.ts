import { completedPhase } from '../sightings.js';
import type { Rule } from '../types.js';

/**
 * Consent must be as easy to refuse as to give. The consent stage found the site's banner in the reject
 * phase and it offers no way to refuse at all: only accept, "OK" or the like (a close control counts as a
 * way to refuse, and is tried). The reject phase then clicks nothing and records refusal "impossible";
 * this rule says so once per site, and no-consent-banner stays silent (there is a banner).
 */
export const rule: Rule = {
  meta: {
    id: 'no-reject-option',
    title: 'The banner offers a way to refuse',
    description:
      'The consent banner offers no way to refuse: no reject button, no settings in which optional cookies can be switched off, no close control. ' +
      'Add a "Reject all" choice on the first layer, as visible as the one that accepts.',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site }) {
    const reject = completedPhase(site, 'reject');
    const consent = reject?.consent;
    if (!reject || consent?.refusal !== 'impossible') return [];
    const controls = consent.banner?.controls ?? [];
    const offered = controls.length === 0 ? 'no controls' : controls.map((c) => `"${c.text}" (${c.role})`).join(', ');
    return [
      {
        ruleId: 'no-reject-option',
        phase: 'reject',
        page: reject.pages[0]?.url ?? site.url,
        item: { type: 'consent', name: 'reject' },
        message: `The consent banner offers no way to refuse consent: its only controls are ${offered}. Add a "Reject all" choice on its first layer, as easy to use as the one that accepts.`,
        evidence: {
          controls: offered,
          ...(consent.banner?.selector ? { banner: consent.banner.selector } : {}),
          ...(consent.banner?.frameUrl ? { frame: consent.banner.frameUrl } : {}),
        },
      },
    ];
  },
};
