import { completedPhase } from '../sightings.js';
import type { Rule } from '../types.js';

/**
 * Withdrawing consent must be as easy as giving it (GDPR art. 7(3)). After the accept phase gave consent it
 * looked for a way back to the choices on the page (a floating button, a footer "Cookie settings" link, a
 * consent platform's revisit icon) and found none (consent.reopen null; absent means it did not look, and
 * then this rule says nothing).
 */
export const rule: Rule = {
  meta: {
    id: 'no-withdraw-option',
    title: 'Consent can be withdrawn',
    description:
      'After consent was given, nothing on the page lets the visitor reopen the consent choices to withdraw it. Keep a way back on every ' +
      'page: a "Cookie settings" link in the footer, or the consent platform\'s floating button.',
    defaultSeverity: 'warning',
    requiresPolicy: false,
  },
  audit({ site }) {
    const accept = completedPhase(site, 'accept');
    const consent = accept?.consent;
    if (accept === undefined || consent === undefined || !consent.succeeded || consent.reopen !== null) return [];
    return [
      {
        ruleId: 'no-withdraw-option',
        phase: 'accept',
        page: accept.pages[0]?.url ?? site.url,
        item: { type: 'consent', name: 'accept' },
        message:
          'After consent was given, nothing on the page reopens the consent choices, so the visitor cannot withdraw it as easily as they gave it. ' +
          'Add a "Cookie settings" link to the footer of every page, or keep the consent platform\'s floating button.',
        evidence: { method: consent.method, reopen: null },
      },
    ];
  },
};
