/**
 * The consent banner as the banner rules see it, across the phases that operated it: the reject phase
 * first (it is the one that explores the settings layer), then the accept phase. Only completed phases
 * count, as for every other rule.
 */
import type { BannerControl, BannerEvidence, ConsentClick } from '../consent/types.js';
import type { ConsentAttempt, PhaseEvidence, SiteEvidence } from '../evidence/types.js';
import { completedPhase } from './sightings.js';

export interface BannerSighting {
  phase: PhaseEvidence;
  consent: ConsentAttempt;
  banner: BannerEvidence;
}

/** Every banner recorded, reject phase first. */
export function bannerSightings(site: SiteEvidence): BannerSighting[] {
  const sightings: BannerSighting[] = [];
  for (const name of ['reject', 'accept'] as const) {
    const phase = completedPhase(site, name);
    const consent = phase?.consent;
    if (phase !== undefined && consent?.banner !== undefined) sightings.push({ phase, consent, banner: consent.banner });
  }
  return sightings;
}

/** The reject phase found a banner that offers no way to refuse: no-reject-option's case, not the refusal rules'. */
export function refusalImpossible(site: SiteEvidence): boolean {
  return completedPhase(site, 'reject')?.consent?.refusal === 'impossible';
}

/** The clicks that gave this answer, when the phase gave it and recorded them; undefined when unknown. */
export function clicksOf(consent: ConsentAttempt | undefined): ConsentClick[] | undefined {
  if (consent === undefined || !consent.succeeded || consent.clicks === undefined || consent.clicks.length === 0) return undefined;
  return consent.clicks;
}

/** `"Reject all"` (button, 120×40 px, 16 px, contrast 4.5). */
export function controlFacts(control: BannerControl): string {
  return `${control.element}, ${Math.round(control.box.width)}×${Math.round(control.box.height)} px, ${control.fontSizePx} px text, contrast ${control.contrast}`;
}

/** "Customise" → switch off "Analytics" → "Save choices". */
export function clickPath(clicks: readonly ConsentClick[]): string {
  return clicks.map((c) => (c.role === 'toggle' ? `switch off "${c.text}"` : `"${c.text}"`)).join(' → ');
}

/**
 * The first-layer control a phase used to give its answer: the control its first first-layer click hit
 * (matched by selector), else the first control of the wanted role.
 */
export function controlUsed(banner: BannerEvidence, consent: ConsentAttempt | undefined, role: 'accept' | 'reject'): BannerControl | undefined {
  const first = consent?.clicks?.find((c) => c.layer === 'first' && c.role !== 'toggle');
  const clicked = first === undefined ? undefined : banner.controls.find((c) => c.selector === first.selector);
  return clicked ?? banner.controls.find((c) => c.role === role);
}
