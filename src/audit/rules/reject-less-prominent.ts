import type { BannerControl } from '../../consent/types.js';
import { BANNER_THRESHOLDS } from '../banner-thresholds.js';
import { bannerSightings, controlFacts, controlUsed, refusalImpossible } from '../banner.js';
import { completedPhase } from '../sightings.js';
import type { Rule } from '../types.js';

const percent = (ratio: number): string => `${Math.round(ratio * 100)} %`;
const area = (control: BannerControl): number => Math.max(0, control.box.width) * Math.max(0, control.box.height);

/**
 * The way to refuse must not look weaker than the way to accept (EDPB cookie banner taskforce, 2023:
 * deceptive link design, deceptive button colours and contrast). Compares, on the banner's first layer,
 * the control that starts the refusal (the reject control, else the one the reject phase clicked first,
 * such as "Settings") with the one that accepts: a link where accept is a button, a much smaller box, a
 * markedly smaller font, or a much lower text contrast (thresholds: rules/banner-thresholds.json). A
 * measurement that is missing (zero) is not compared. One finding per site.
 */
export const rule: Rule = {
  meta: {
    id: 'reject-less-prominent',
    title: 'Refusing looks as prominent as accepting',
    description:
      'On the banner\'s first layer the control that refuses (or leads to refusing) is visibly weaker than the one that accepts: a link ' +
      'where accept is a button, under half its area, a markedly smaller font, or a much lower text contrast. Give both choices the same ' +
      'form, size and weight. Thresholds: rules/banner-thresholds.json (rejectLessProminent).',
    defaultSeverity: 'warning',
    requiresPolicy: false,
  },
  audit({ site }) {
    if (refusalImpossible(site)) return [];
    const sighting = bannerSightings(site)[0];
    if (sighting === undefined) return [];
    const { banner } = sighting;
    const refuse = controlUsed(banner, completedPhase(site, 'reject')?.consent, 'reject');
    const accept = controlUsed(banner, completedPhase(site, 'accept')?.consent, 'accept');
    if (refuse === undefined || accept === undefined || refuse.role === 'accept' || accept.role !== 'accept') return [];

    const t = BANNER_THRESHOLDS.rejectLessProminent;
    const weaker: string[] = [];
    if (refuse.element === 'link' && accept.element === 'button') weaker.push('it is a link where accepting is a button');
    const areas = [area(refuse), area(accept)] as const;
    if (areas[0] > 0 && areas[1] > 0 && areas[0] < areas[1] * t.minAreaRatio) weaker.push(`its box has ${percent(areas[0] / areas[1])} of the accept control's area`);
    if (refuse.fontSizePx > 0 && accept.fontSizePx > 0 && refuse.fontSizePx < accept.fontSizePx * t.minFontSizeRatio) {
      weaker.push(`its text is ${refuse.fontSizePx} px where accepting's is ${accept.fontSizePx} px`);
    }
    if (refuse.contrast >= 1 && accept.contrast >= 1) {
      if (refuse.contrast < accept.contrast * t.minContrastRatio) weaker.push(`its text contrast is ${refuse.contrast}:1 where accepting's is ${accept.contrast}:1`);
      else if (refuse.contrast < t.contrastFloor && accept.contrast >= t.contrastFloor) weaker.push(`its text contrast of ${refuse.contrast}:1 is under ${t.contrastFloor}:1`);
    }
    if (weaker.length === 0) return [];

    return [
      {
        ruleId: 'reject-less-prominent',
        phase: sighting.phase.phase,
        page: sighting.phase.pages[0]?.url ?? site.url,
        item: { type: 'consent', name: 'reject' },
        message:
          `The banner's refusal control "${refuse.text}" (${controlFacts(refuse)}) is weaker than its accept control "${accept.text}" (${controlFacts(accept)}): ` +
          `${weaker.join('; ')}. Give refusing the same form, size and weight as accepting.`,
        evidence: {
          rejectText: refuse.text,
          rejectRole: refuse.role,
          rejectElement: refuse.element,
          rejectArea: Math.round(areas[0]),
          rejectFontSizePx: refuse.fontSizePx,
          rejectContrast: refuse.contrast,
          acceptText: accept.text,
          acceptElement: accept.element,
          acceptArea: Math.round(areas[1]),
          acceptFontSizePx: accept.fontSizePx,
          acceptContrast: accept.contrast,
        },
      },
    ];
  },
};
