import type { CookieObservation } from '../../evidence/types.js';
import { formatDuration } from '../../policy/duration.js';
import { matchCookie } from '../../policy/match.js';
import { cookieItem, cookieLabel } from '../describe.js';
import { cookieKey, cookieSightings, firstOfEach } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

const DAY = 86_400;
/** 13 months, the longest lifetime regulators (e.g. CNIL) accept for consent-based cookies. */
export const MAX_LIFETIME_SECONDS = 395 * DAY;
/** Chromium stores no cookie for longer than this, whatever the site asked for. */
const CHROMIUM_CAP_SECONDS = 400 * DAY;

/**
 * The longest lifetime the site is responsible for: what the browser stored, or what the site asked
 * for when that was longer. Chromium caps at 400 days, so a site asking for 2 years looks like
 * "400 days" in storage while other browsers (and the site's intent) keep 2 years; flagging on the
 * request too means the browser's cap does not hide the problem.
 */
export function longestLifetime(cookie: CookieObservation): number | null {
  const requested = cookie.requestedLifetimeSeconds ?? null;
  if (cookie.lifetimeSeconds === null) return requested;
  return requested === null ? cookie.lifetimeSeconds : Math.max(cookie.lifetimeSeconds, requested);
}

function message(cookie: CookieObservation): string {
  const requested = cookie.requestedLifetimeSeconds ?? null;
  // Stored lifetimes are measured a moment after the write; only a real gap (the browser's cap) is worth saying.
  const requestedMore = requested !== null && (cookie.lifetimeSeconds === null || requested > cookie.lifetimeSeconds + DAY);
  const capped = requestedMore && requested > CHROMIUM_CAP_SECONDS ? ' (Chromium caps cookies at 400 days)' : '';
  const lifetime = requestedMore
    ? `was requested for ${formatDuration(requested)} and is stored for ${formatDuration(cookie.lifetimeSeconds)}${capped}`
    : `is stored for ${formatDuration(cookie.lifetimeSeconds)}`;
  return `${cookieLabel(cookie)} ${lifetime}, more than the 13-month (395-day) maximum; set its expiry to 13 months or less.`;
}

export const rule: Rule = {
  meta: {
    id: 'expiry-too-long',
    title: 'Cookies expire within 13 months',
    description:
      'A cookie lives longer than 13 months (395 days), the maximum regulators such as the CNIL accept before consent must be asked again. ' +
      'The rule also fires when the lifetime the site requested (Set-Cookie Max-Age/Expires or document.cookie) exceeds 13 months ' +
      'even if the stored lifetime does not, because Chromium caps stored lifetimes at 400 days and other browsers keep what was asked for. ' +
      'Set the expiry to 13 months or less. Reported once per cookie, at the first phase where it is too long.',
    defaultSeverity: 'warning',
    requiresPolicy: false,
  },
  audit({ site, policy }) {
    const tooLong = cookieSightings(site).filter(({ cookie }) => {
      const lifetime = longestLifetime(cookie);
      return lifetime !== null && lifetime > MAX_LIFETIME_SECONDS;
    });
    return firstOfEach(tooLong, (s) => cookieKey(s.cookie)).map(({ phase, cookie }): RuleResult => {
      const declaration = matchCookie(policy, cookie, site.siteDomain);
      return {
        ruleId: 'expiry-too-long',
        phase,
        page: cookie.firstSeenPage,
        item: cookieItem(cookie),
        message: message(cookie),
        ...(declaration === undefined ? {} : { declaration }),
        evidence: {
          storedSeconds: cookie.lifetimeSeconds,
          ...(cookie.requestedLifetimeSeconds === undefined ? {} : { requestedSeconds: cookie.requestedLifetimeSeconds }),
          limitSeconds: MAX_LIFETIME_SECONDS,
        },
      };
    });
  },
};
