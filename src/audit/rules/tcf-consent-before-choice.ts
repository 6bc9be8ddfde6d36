import { completedPhase } from '../sightings.js';
import { consentEvidence, describeConsent, stringsGivingConsent } from '../signals.js';
import type { Rule } from '../types.js';

/**
 * Before the visitor chose anything (the pre phase never touches the banner), a TCF string that gives
 * consent tells ad vendors they may proceed. One finding for the phase.
 */
export const rule: Rule = {
  meta: {
    id: 'tcf-consent-before-choice',
    title: 'No TCF consent before the visitor chose',
    description:
      'Before the visitor touched the banner, the site already hands advertising vendors an IAB TCF string that gives consent to purposes or vendors. ' +
      'Consent can only come from the visitor: until they choose, give no TC string, or one without consent.',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site }) {
    const pre = completedPhase(site, 'pre');
    if (pre === undefined) return [];
    const given = stringsGivingConsent(pre);
    if (given.length === 0) return [];
    return [
      {
        ruleId: 'tcf-consent-before-choice',
        phase: 'pre',
        page: pre.signals?.page ?? site.url,
        item: { type: 'signal', name: 'tcf' },
        message: `Before any choice the TCF string (${given[0]!.string.foundIn.join(', ')}) gives ${describeConsent(given[0]!)}. Give no consent until the visitor chooses.`,
        evidence: { strings: given.length, ...consentEvidence(given) },
      },
    ];
  },
};
