import { ambiguousIn } from '../ambiguous-labels.js';
import { bannerSightings } from '../banner.js';
import { completedPhase } from '../sightings.js';
import type { Rule } from '../types.js';

/** What the label was judged on: the click that gave consent, or a first-layer accept control. */
interface Candidate {
  text: string;
  role: string;
  selector: string;
  source: 'click' | 'first layer';
}

/**
 * Consent must be unambiguous (GDPR art. 4(11)): the control that gives it has to say so. "OK", "Got it",
 * "Continue", "Close" or a lone ✕ that accepts tell the visitor nothing about what they agree to. Judged
 * on the accept phase's last click (the one that gave consent); where the clicks are unknown, on the
 * banner's first-layer accept controls. Labels per language: rules/ambiguous-consent-labels.json. One
 * finding per site.
 */
export const rule: Rule = {
  meta: {
    id: 'ambiguous-consent-label',
    title: 'The consent button says it gives consent',
    description:
      'The control that gives consent does not say so: "OK", "Got it", "Continue", "Close", a lone ✕ that accepts, or no text at all ' +
      '(word lists for English, German, French, Spanish, Italian, Dutch, Portuguese, Polish, Swedish and Danish in ' +
      'rules/ambiguous-consent-labels.json). Label it with what it does: "Accept all cookies", "Alle akzeptieren", "Tout accepter".',
    defaultSeverity: 'warning',
    requiresPolicy: false,
  },
  audit({ site }) {
    const accept = completedPhase(site, 'accept');
    const consent = accept?.consent;
    const candidates: Candidate[] = [];
    const giving = consent?.succeeded ? consent.clicks?.filter((c) => c.role !== 'toggle').at(-1) : undefined;
    if (giving !== undefined) candidates.push({ text: giving.text, role: giving.role, selector: giving.selector, source: 'click' });
    else {
      const banner = bannerSightings(site)[0]?.banner;
      for (const control of banner?.controls ?? []) {
        if (control.role === 'accept') candidates.push({ text: control.text, role: control.role, selector: control.selector, source: 'first layer' });
      }
    }
    for (const candidate of candidates) {
      const languages = candidate.text.trim() === '' ? ['none'] : ambiguousIn(candidate.text);
      if (languages.length === 0) continue;
      const said = candidate.text.trim() === '' ? 'has no text at all' : `says only "${candidate.text}"`;
      return [
        {
          ruleId: 'ambiguous-consent-label',
          phase: 'accept',
          page: accept?.pages[0]?.url ?? site.url,
          item: { type: 'consent', name: 'accept' },
          message:
            `The control that gives consent ${said}, which does not tell the visitor they agree to cookies. ` +
            'Label it with what it does, such as "Accept all cookies".',
          evidence: {
            text: candidate.text,
            role: candidate.role,
            selector: candidate.selector,
            judgedOn: candidate.source,
            listedIn: languages.join(', '),
          },
        },
      ];
    }
    return [];
  },
};
