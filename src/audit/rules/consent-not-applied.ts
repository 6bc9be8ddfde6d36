import type { ConsentAttempt } from '../../evidence/types.js';
import { completedPhases } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

/** "the manifest's #reject-all" / "autoconsent's Klaro rule" */
function how(attempt: ConsentAttempt): string {
  if (attempt.method === 'selector') return `the manifest's consent.${attempt.action} (${attempt.selector ?? '?'})`;
  if (attempt.method === 'heuristic') return `the site's own banner (${(attempt.clicks ?? []).map((c) => JSON.stringify(c.text)).join(' → ') || 'no click'})`;
  return `autoconsent's ${attempt.platform ?? 'unknown'} rule`;
}

/** Why the choice did not take, in words; empty when it did. */
function reasons(attempt: ConsentAttempt): string[] {
  const why: string[] = [];
  if (!attempt.succeeded) {
    why.push(
      attempt.method === 'selector'
        ? `the click did not happen: ${attempt.note}`
        : attempt.method === 'heuristic'
          ? `the banner could not be operated: ${attempt.note}`
          : 'the platform rule reported that it could not complete',
    );
  }
  if (attempt.bannerShownAfterConsent === true) why.push('the banner was still shown after the click, or came back after the reload');
  if (attempt.selfTest === false) why.push(`the platform's own check finds no stored refusal`);
  return why;
}

/**
 * The banner was operated, but the choice did not take: the click failed or the platform reported failure,
 * the banner stayed (or came back on the next page view), or the platform's self-test says the refusal was
 * not stored. What the phase then observed is what a visitor sees whose choice was ignored, so its other
 * findings should be read with that in mind. One finding per phase.
 */
export const rule: Rule = {
  meta: {
    id: 'consent-not-applied',
    title: 'The consent choice takes effect',
    description:
      'The crawler operated the consent banner (manifest selector, an autoconsent platform rule or its own heuristic) but the choice did not take: the click ' +
      'failed or the platform reported failure, the banner was still shown afterwards or came back after a reload, or the platform\'s ' +
      'self-test found no stored choice. Check that the banner stores the choice (cookie domain and path) and closes, and that the manifest selectors match it.',
    defaultSeverity: 'warning',
    requiresPolicy: false,
  },
  audit({ site }) {
    const results: RuleResult[] = [];
    for (const phase of completedPhases(site)) {
      const attempt = phase.consent;
      // No banner, or one that offers no refusal: no-consent-banner and no-reject-option speak for those.
      if (attempt === undefined || attempt.method === 'none' || attempt.refusal === 'impossible') continue;
      const why = reasons(attempt);
      if (why.length === 0) continue;
      const verb = attempt.action === 'reject' ? 'Rejecting' : 'Accepting';
      results.push({
        ruleId: 'consent-not-applied',
        phase: phase.phase,
        page: phase.pages[0]?.url ?? site.url,
        item: { type: 'consent', name: attempt.action },
        message: `${verb} all through ${how(attempt)} did not take effect: ${why.join('; ')}. The ${phase.phase} phase shows a visitor whose choice was not applied; make the banner store the choice and close.`,
        evidence: {
          method: attempt.method,
          ...(attempt.selector === undefined ? {} : { selector: attempt.selector }),
          ...(attempt.platform === undefined ? {} : { platform: attempt.platform }),
          succeeded: attempt.succeeded,
          bannerShownAfterConsent: attempt.bannerShownAfterConsent ?? null,
          selfTest: attempt.selfTest ?? null,
        },
      });
    }
    return results;
  },
};
