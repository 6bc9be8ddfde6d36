import type { CookieObservation, Phase } from '../../evidence/types.js';
import { formatDuration } from '../../policy/duration.js';
import { matchCookie } from '../../policy/match.js';
import type { CookieDeclaration, DeclarationRef, PolicyManifest } from '../../policy/types.js';
import { cookieItem, cookieLabel } from '../describe.js';
import { cookieKey, cookieSightings, firstOfEach } from '../sightings.js';
import type { Rule, RuleResult } from '../types.js';

const HOUR = 3600;

/**
 * Stored lifetimes are measured when the cookie is observed, a little after it was set, and
 * manifests round ("13 months"); an hour or 1 % of the declared lifetime, whichever is larger,
 * absorbs both without hiding a real difference.
 */
export function toleranceSeconds(declaredSeconds: number): number {
  return Math.max(HOUR, declaredSeconds * 0.01);
}

/** True when a stored lifetime is longer than declared. A session cookie never outlives any declaration. */
export function exceedsDeclared(storedSeconds: number | null, declaredSeconds: number | null): boolean {
  if (storedSeconds === null) return false;
  if (declaredSeconds === null) return true;
  return storedSeconds > declaredSeconds + toleranceSeconds(declaredSeconds);
}

interface Violation {
  phase: Phase;
  cookie: CookieObservation;
  ref: DeclarationRef;
  declaration: CookieDeclaration & { expiresSeconds: number | null };
}

/** The cookie declaration behind a ref, when it declares an expiry (third parties declare none). */
function declaredExpiry(policy: PolicyManifest, ref: DeclarationRef | undefined): Violation['declaration'] | undefined {
  if (ref?.kind !== 'cookie') return undefined;
  const declaration = policy.cookies.find((d) => d.index === ref.index);
  if (declaration?.expiresSeconds === undefined) return undefined;
  return { ...declaration, expiresSeconds: declaration.expiresSeconds };
}

function message({ cookie, declaration }: Violation): string {
  const stored = formatDuration(cookie.lifetimeSeconds);
  const requested =
    cookie.requestedLifetimeSeconds === undefined ? '' : ` (requested ${formatDuration(cookie.requestedLifetimeSeconds)})`;
  const declared =
    declaration.expires === undefined ? formatDuration(declaration.expiresSeconds) : `"${declaration.expires}"`;
  return `${cookieLabel(cookie)} is stored for ${stored}${requested} but the policy declares ${declared}; shorten the cookie's lifetime or correct the declared expiry.`;
}

export const rule: Rule = {
  meta: {
    id: 'expiry-exceeds-declared',
    title: 'Cookies do not outlive their declared expiry',
    description:
      'A cookie is stored for longer than the expiry its declaration gives (a persistent cookie declared as session counts), ' +
      'tolerating one hour or 1 % of the declared lifetime, whichever is larger. Session cookies never fire. ' +
      'Shorten the lifetime the site sets, or correct the declaration. Reported once per cookie, at the first phase where it exceeds.',
    defaultSeverity: 'warning',
    requiresPolicy: true,
  },
  audit({ site, policy }) {
    const violations: Violation[] = [];
    for (const { phase, cookie } of cookieSightings(site)) {
      const ref = matchCookie(policy, cookie, site.siteDomain);
      const declaration = declaredExpiry(policy, ref);
      if (ref === undefined || declaration === undefined) continue;
      if (exceedsDeclared(cookie.lifetimeSeconds, declaration.expiresSeconds)) {
        violations.push({ phase, cookie, ref, declaration });
      }
    }
    return firstOfEach(violations, (v) => cookieKey(v.cookie)).map((v): RuleResult => ({
      ruleId: 'expiry-exceeds-declared',
      phase: v.phase,
      page: v.cookie.firstSeenPage,
      item: cookieItem(v.cookie),
      message: message(v),
      declaration: v.ref,
      evidence: {
        declaredSeconds: v.declaration.expiresSeconds,
        storedSeconds: v.cookie.lifetimeSeconds,
        ...(v.cookie.requestedLifetimeSeconds === undefined ? {} : { requestedSeconds: v.cookie.requestedLifetimeSeconds }),
      },
    }));
  },
};
