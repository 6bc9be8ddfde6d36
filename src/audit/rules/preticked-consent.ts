import type { ConsentToggle } from '../../consent/types.js';
import { allowedCategoriesPhrase } from '../describe.js';
import { bannerSightings } from '../banner.js';
import type { Rule, RuleResult } from '../types.js';

/**
 * Consent must be an active choice (CJEU Planet49, C-673/17): a box ticked in advance is no consent. A toggle
 * of the banner's settings layer that was on before anyone touched it, for a purpose that needs consent:
 * a category the manifest does not allow before consent (consent.beforeConsent, by default necessary only),
 * or no category at all unless the toggle is locked (a locked, switched-on toggle whose label names no
 * category is the strictly necessary one). Once per toggle label, at the first phase that saw it.
 */
export const rule: Rule = {
  meta: {
    id: 'preticked-consent',
    title: 'Nothing is ticked in advance',
    description:
      'A checkbox or switch of the banner\'s settings layer, for a purpose that needs consent (analytics, marketing, functional unless the ' +
      'manifest allows it before consent, or a purpose the label does not name), was already on before the visitor touched it. ' +
      'Leave every toggle that is not strictly necessary off until the visitor switches it on.',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site, policy }) {
    const allowed = policy.consent.beforeConsent;
    const needsConsent = (toggle: ConsentToggle): boolean =>
      toggle.category === undefined ? !toggle.disabled : !allowed.includes(toggle.category);
    const seen = new Set<string>();
    const results: RuleResult[] = [];
    for (const { phase, banner } of bannerSightings(site)) {
      for (const toggle of banner.toggles ?? []) {
        if (!toggle.checked || !needsConsent(toggle) || seen.has(toggle.label)) continue;
        seen.add(toggle.label);
        const purpose =
          toggle.category === undefined
            ? 'its label names no category, so it counts as needing consent'
            : `${toggle.category} is not ${allowedCategoriesPhrase(allowed)}`;
        results.push({
          ruleId: 'preticked-consent',
          phase: phase.phase,
          page: phase.pages[0]?.url ?? site.url,
          item: { type: 'consent', name: `toggle ${toggle.label}` },
          message:
            `The banner's "${toggle.label}" ${toggle.disabled ? 'toggle was on and locked' : 'toggle was already on'} before the visitor touched it (${purpose}). ` +
            `Consent must be an active choice: leave it off${toggle.disabled ? ' and let the visitor change it' : ''} until the visitor switches it on.`,
          evidence: {
            label: toggle.label,
            category: toggle.category ?? null,
            checked: toggle.checked,
            disabled: toggle.disabled,
            selector: toggle.selector,
          },
        });
      }
    }
    return results;
  },
};
