import { completedPhase } from '../sightings.js';
import { consentEvidence, describeConsent, stringsGivingConsent } from '../signals.js';
import type { Rule } from '../types.js';

/**
 * After "reject all", the TCF string the site hands to ad vendors must give no consent: no purpose, no
 * special feature, no vendor (Matte, Bielova and Santos found many CMPs storing a positive string after a
 * refusal). Read on the start page after the refusal and the reload; one finding for the phase.
 */
export const rule: Rule = {
  meta: {
    id: 'tcf-consent-after-reject',
    title: 'The TCF string gives no consent after the visitor refused',
    description:
      'After the visitor chose "reject all", the IAB TCF consent string the site hands to advertising vendors (through __tcfapi, ' +
      'the euconsent-v2 cookie or localStorage) still gives consent to purposes or vendors. Vendors act on that string, not on the banner: ' +
      'write a string without any consent when the visitor refuses.',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site }) {
    const reject = completedPhase(site, 'reject');
    if (!reject?.consent?.succeeded) return [];
    const given = stringsGivingConsent(reject);
    if (given.length === 0) return [];
    return [
      {
        ruleId: 'tcf-consent-after-reject',
        phase: 'reject',
        page: reject.signals?.page ?? site.url,
        item: { type: 'signal', name: 'tcf' },
        message: `After "reject all" the TCF string (${given[0]!.string.foundIn.join(', ')}) gives ${describeConsent(given[0]!)}. A refusal must leave every purpose and vendor without consent.`,
        evidence: { strings: given.length, ...consentEvidence(given) },
      },
    ];
  },
};
