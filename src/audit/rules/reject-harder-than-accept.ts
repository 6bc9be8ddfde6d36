import { BANNER_THRESHOLDS } from '../banner-thresholds.js';
import { bannerSightings, clickPath, clicksOf, refusalImpossible } from '../banner.js';
import { completedPhase } from '../sightings.js';
import type { Rule } from '../types.js';

/** How many clicks an answer took, and how that is known. */
interface Effort {
  clicks: number;
  /** 'clicks': the phase's clicks were counted; 'first layer': read off the banner's first-layer controls. */
  source: 'clicks' | 'first layer';
  /** Through the settings layer: at least this many clicks. */
  atLeast: boolean;
  path: string;
}

/**
 * Refusing must be as easy as accepting (EDPB cookie banner taskforce, 2023: no reject option on the first
 * layer). Judged on the clicks each consent phase made; where a phase gave no count (not run, or operated by
 * a platform rule that does not report its clicks), on the banner's first layer: a control there takes one
 * click, and refusing through the settings takes at least two. A banner with no refusal at all is
 * no-reject-option's finding, not this one's. One finding per site.
 */
export const rule: Rule = {
  meta: {
    id: 'reject-harder-than-accept',
    title: 'Refusing is as easy as accepting',
    description:
      'Refusing consent takes more clicks than accepting it, for example accept-all on the banner\'s first layer while refusing needs the ' +
      'settings layer. Put a reject-all button on the first layer, beside accept-all. Threshold: rules/banner-thresholds.json ' +
      '(rejectHarderThanAccept.extraClicksAllowed).',
    defaultSeverity: 'error',
    requiresPolicy: false,
  },
  audit({ site }) {
    if (refusalImpossible(site)) return [];
    const reject = completedPhase(site, 'reject');
    const accept = completedPhase(site, 'accept');
    const banner = bannerSightings(site)[0]?.banner;
    const controls = banner?.controls ?? [];
    const onFirstLayer = (role: 'accept' | 'reject') => controls.find((c) => c.role === role);

    const rejectClicks = clicksOf(reject?.consent);
    const acceptClicks = clicksOf(accept?.consent);
    let refusing: Effort | undefined;
    const settings = controls.find((c) => c.role === 'settings');
    if (rejectClicks !== undefined) refusing = { clicks: rejectClicks.length, source: 'clicks', atLeast: false, path: clickPath(rejectClicks) };
    else if (onFirstLayer('reject')) refusing = { clicks: 1, source: 'first layer', atLeast: false, path: `"${onFirstLayer('reject')!.text}"` };
    else if (settings) refusing = { clicks: 2, source: 'first layer', atLeast: true, path: `"${settings.text}", then a choice in the settings layer` };
    let accepting: Effort | undefined;
    if (acceptClicks !== undefined) accepting = { clicks: acceptClicks.length, source: 'clicks', atLeast: false, path: clickPath(acceptClicks) };
    else if (onFirstLayer('accept')) accepting = { clicks: 1, source: 'first layer', atLeast: false, path: `"${onFirstLayer('accept')!.text}"` };
    if (refusing === undefined || accepting === undefined) return [];
    if (refusing.clicks <= accepting.clicks + BANNER_THRESHOLDS.rejectHarderThanAccept.extraClicksAllowed) return [];

    const times = (effort: Effort) => `${effort.atLeast ? 'at least ' : ''}${effort.clicks} click${effort.clicks === 1 ? '' : 's'}`;
    return [
      {
        ruleId: 'reject-harder-than-accept',
        phase: 'reject',
        page: reject?.pages[0]?.url ?? site.url,
        item: { type: 'consent', name: 'reject' },
        message:
          `Refusing consent takes ${times(refusing)} (${refusing.path}) while accepting takes ${times(accepting)} (${accepting.path}). ` +
          'Offer a reject-all button on the first layer of the banner, as easy to reach as accept-all.',
        evidence: {
          rejectClicks: refusing.clicks,
          acceptClicks: accepting.clicks,
          rejectPath: refusing.path,
          acceptPath: accepting.path,
          rejectCountedFrom: refusing.source,
          acceptCountedFrom: accepting.source,
        },
      },
    ];
  },
};
