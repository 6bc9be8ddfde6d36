import { purposeName, signalVocabulary } from '../../consent/signals/vocabulary.js';
import { completedPhases } from '../sightings.js';
import type { Phase } from '../../evidence/types.js';
import type { Rule } from '../types.js';

/**
 * TCF v2.2 (policy version 4 on) no longer allows legitimate interest for purposes 3 to 6 (profiles for
 * personalised advertising and content): only consent. Reported once per site, at the first phase whose
 * string claims it, with every phase that does in the evidence.
 */
export const rule: Rule = {
  meta: {
    id: 'tcf-legitimate-interest-for-ads',
    title: 'No legitimate interest for ad and content profiles (TCF v2.2)',
    description:
      'The IAB TCF string claims legitimate interest for purposes 3 to 6 (creating and using profiles for personalised advertising and content). ' +
      'TCF v2.2 allows these purposes only with consent; remove the legitimate-interest signal for them from the CMP configuration.',
    defaultSeverity: 'warning',
    requiresPolicy: false,
  },
  audit({ site }) {
    const forbidden = signalVocabulary().tcf.noLegitimateInterest;
    const phases: Phase[] = [];
    const purposes = new Set<number>();
    let first: { phase: Phase; page: string; foundIn: string[] } | undefined;
    for (const phase of completedPhases(site)) {
      for (const string of phase.signals?.tcf.strings ?? []) {
        const d = string.decoded;
        if (!d) continue;
        const claimed = [...d.purposeLegitimateInterests, ...d.publisherLegitimateInterests].filter((p) => forbidden.includes(p));
        if (claimed.length === 0) continue;
        for (const p of claimed) purposes.add(p);
        if (!phases.includes(phase.phase)) phases.push(phase.phase);
        first ??= { phase: phase.phase, page: phase.signals?.page ?? site.url, foundIn: string.foundIn };
      }
    }
    if (first === undefined) return [];
    const ids = [...purposes].sort((a, b) => a - b);
    return [
      {
        ruleId: 'tcf-legitimate-interest-for-ads',
        phase: first.phase,
        page: first.page,
        item: { type: 'signal', name: 'tcf' },
        message: `The TCF string (${first.foundIn.join(', ')}) claims legitimate interest for purposes ${ids.map(purposeName).join('; ')}, which TCF v2.2 allows only with consent.`,
        evidence: { purposes: ids.join(', '), phases: phases.join(', ') },
      },
    ];
  },
};
