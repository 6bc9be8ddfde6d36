import type { CookieObservation, Phase } from '../../evidence/types.js';
import { matchCookie } from '../../policy/match.js';
import type { DeclarationRef, PolicyManifest } from '../../policy/types.js';
import { cookieItem, cookieLabel, setterEvidence } from '../describe.js';
import { cookieKey, cookieSightings, firstOfEach } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

export type InsecurityKind = 'samesite-none-without-secure' | 'missing-secure' | 'missing-httponly';

const SESSION_LIKE_NAME = /sess|sid|auth|token|jwt|login/i;
/**
 * CSRF tokens are meant to be read by the page's script (double-submit: Angular's XSRF-TOKEN,
 * Django's csrftoken), so HttpOnly would break them; their names match "token" but they are not sessions.
 */
const CSRF_NAME = /csrf|xsrf/i;
const SESSION_PURPOSE = /auth|session|log\s*-?\s*in|sign\s*-?\s*in/i;

/** A cookie that likely carries a login: by its name, or declared necessary for authentication / sessions. */
export function isSessionLike(cookie: { name: string }, policy: PolicyManifest, ref: DeclarationRef | undefined): boolean {
  if (CSRF_NAME.test(cookie.name)) return false;
  if (SESSION_LIKE_NAME.test(cookie.name)) return true;
  if (ref?.kind !== 'cookie' || ref.category !== 'necessary') return false;
  const purpose = policy.cookies.find((d) => d.index === ref.index)?.purpose;
  return purpose !== undefined && SESSION_PURPOSE.test(purpose);
}

/**
 * What is wrong with one cookie's attributes, each kind its own finding because each has its own fix.
 * SameSite=None without Secure is reported instead of (not besides) a missing Secure: the fix is the
 * same attribute and the SameSite message says why it matters more. HttpOnly is only asked of
 * first-party cookies: a third party's cookie is not the site's to change.
 */
export function insecurities(
  cookie: CookieObservation,
  https: boolean,
  sessionLike: boolean,
): InsecurityKind[] {
  const kinds: InsecurityKind[] = [];
  // An imported record that never showed the cookie's attributes (it was only seen being sent) cannot say it lacks them.
  if (cookie.unknown?.includes('flags')) return kinds;
  if (cookie.sameSite === 'None' && !cookie.secure) kinds.push('samesite-none-without-secure');
  else if (https && cookie.party === 'first' && !cookie.secure) kinds.push('missing-secure');
  if (sessionLike && cookie.party === 'first' && !cookie.httpOnly) kinds.push('missing-httponly');
  return kinds;
}

function message(kind: InsecurityKind, cookie: CookieObservation): string {
  const label = cookieLabel(cookie);
  switch (kind) {
    case 'samesite-none-without-secure':
      return `${label} has SameSite=None without Secure, which current browsers reject or treat as Lax; add the Secure attribute.`;
    case 'missing-secure':
      return `${label} is set on an https site without Secure, so it can also be sent over plain http; add the Secure attribute.`;
    case 'missing-httponly':
      return cookie.setBy?.kind === 'script'
        ? `${label} looks like a session or login cookie but lacks HttpOnly and is written by a script, so any script on the page can read it; set it from the server with the HttpOnly attribute.`
        : `${label} looks like a session or login cookie but lacks HttpOnly, so any script on the page can read it; add the HttpOnly attribute.`;
  }
}

interface Problem {
  phase: Phase;
  cookie: CookieObservation;
  kind: InsecurityKind;
  declaration: DeclarationRef | undefined;
}

export const rule: Rule = {
  meta: {
    id: 'insecure-cookie',
    title: 'Cookies carry Secure, SameSite and HttpOnly as needed',
    description:
      'On an https site a first-party cookie lacks Secure; or any cookie has SameSite=None without Secure; or a first-party cookie that looks like a session ' +
      '(name contains sess, sid, auth, token, jwt or login, CSRF tokens excepted, or declared necessary with an authentication/session purpose) lacks HttpOnly. ' +
      'Add the attribute the message names. Reported once per cookie and problem, at the first phase it shows.',
    defaultSeverity: 'warning',
    requiresPolicy: false,
  },
  audit({ site, policy }) {
    const problems: Problem[] = [];
    for (const { phase, cookie } of cookieSightings(site)) {
      const declaration = matchCookie(policy, cookie, site.siteDomain);
      for (const kind of insecurities(cookie, site.https, isSessionLike(cookie, policy, declaration))) {
        problems.push({ phase, cookie, kind, declaration });
      }
    }
    return firstOfEach(problems, (p) => `${cookieKey(p.cookie)}:${p.kind}`).map(
      ({ phase, cookie, kind, declaration }): RuleResult => ({
        ruleId: 'insecure-cookie',
        phase,
        page: cookie.firstSeenPage,
        item: cookieItem(cookie),
        message: message(kind, cookie),
        ...(declaration === undefined ? {} : { declaration }),
        evidence: {
          problem: kind,
          secure: cookie.secure,
          httpOnly: cookie.httpOnly,
          sameSite: cookie.sameSite,
          party: cookie.party,
          ...setterEvidence(cookie),
        },
      }),
    );
  },
};
