/**
 * Which manifest entry an observed cookie or storage entry belongs to.
 * Own declarations (cookies / storage) are tried first; a third party's domains are the fallback,
 * so "everything Stripe sets" can be declared once without listing each cookie.
 */
import { getDomain } from 'tldts';
import type { StorageType } from '../evidence/types.js';
import { isGlob, matchesGlob } from './glob.js';
import type {
  CookieDeclaration,
  DeclarationRef,
  PolicyManifest,
  StorageDeclaration,
  ThirdPartyDeclaration,
} from './types.js';

/** Lower-cased host without the leading dot browsers put on domain cookies (or a trailing FQDN dot). */
function normalizeHost(domain: string): string {
  return domain.trim().toLowerCase().replace(/^\.+/, '').replace(/\.+$/, '');
}

/** `host` is `domain` itself or one of its subdomains. */
export function hostWithin(host: string, domain: string): boolean {
  const h = normalizeHost(host);
  const d = normalizeHost(domain);
  return d !== '' && (h === d || h.endsWith(`.${d}`));
}

// `location` is optional and the tsconfig has exactOptionalPropertyTypes: copy it only when present.
function withLocation<T extends object>(ref: T, location: DeclarationRef['location']): T {
  return location === undefined ? ref : { ...ref, location };
}

export function cookieRef(decl: CookieDeclaration): DeclarationRef {
  return withLocation({ kind: 'cookie', index: decl.index, name: decl.name, category: decl.category }, decl.location);
}

export function storageRef(decl: StorageDeclaration): DeclarationRef {
  return withLocation({ kind: 'storage', index: decl.index, key: decl.key, category: decl.category }, decl.location);
}

export function thirdPartyRef(decl: ThirdPartyDeclaration): DeclarationRef {
  return withLocation({ kind: 'thirdParty', index: decl.index, name: decl.name, category: decl.category }, decl.location);
}

/**
 * The most specific candidate wins: an exact name beats a glob, and among those a declaration
 * pinned to a domain beats one that is not; ties go to the earlier manifest entry.
 */
function mostSpecific<T extends { index: number }>(
  candidates: T[],
  pattern: (decl: T) => string,
  pinned: (decl: T) => boolean,
): T | undefined {
  const rank = (decl: T): number => (isGlob(pattern(decl)) ? 2 : 0) + (pinned(decl) ? 0 : 1);
  let best: T | undefined;
  for (const decl of candidates) {
    if (best === undefined || rank(decl) < rank(best) || (rank(decl) === rank(best) && decl.index < best.index)) {
      best = decl;
    }
  }
  return best;
}

function registrableDomain(host: string): string | undefined {
  // Private suffixes count (x.github.io is its own site), so one entry cannot claim a whole hosting platform.
  return getDomain(host, { allowPrivateDomains: true }) ?? undefined;
}

/**
 * The third party a host belongs to. A host within a listed domain matches ("doubleclick.net" covers
 * "ad.doubleclick.net"). Outside the scanned site, a host also matches when it shares its registrable
 * domain with a listed host, because manifests often list the host seen in the network panel
 * ("js.stripe.com") while the cookie lands on the parent (".stripe.com"). Inside the site that widening
 * is off: listing "shop.example.com" must not claim every cookie of example.com.
 */
function thirdPartyFor(policy: PolicyManifest, host: string, siteDomain: string | undefined): DeclarationRef | undefined {
  const byHost = policy.thirdParties.find((tp) => tp.domains.some((domain) => hostWithin(host, domain)));
  if (byHost !== undefined) return thirdPartyRef(byHost);

  if (siteDomain === undefined || hostWithin(host, siteDomain)) return undefined;
  const registrable = registrableDomain(normalizeHost(host));
  if (registrable === undefined) return undefined;
  const byRegistrable = policy.thirdParties.find((tp) =>
    tp.domains.some((domain) => registrableDomain(normalizeHost(domain)) === registrable),
  );
  return byRegistrable === undefined ? undefined : thirdPartyRef(byRegistrable);
}

/** The third-party declaration covering a host (a request's host, a cookie's domain), by the rules of thirdPartyFor. */
export function matchThirdParty(policy: PolicyManifest, host: string, siteDomain: string): DeclarationRef | undefined {
  return thirdPartyFor(policy, host, siteDomain);
}

/**
 * The declaration a cookie falls under, or undefined when the manifest does not mention it.
 * `siteDomain` is the scanned site's registrable domain (SiteEvidence.siteDomain); it keeps
 * third-party matching by registrable domain away from the site's own cookies.
 */
export function matchCookie(
  policy: PolicyManifest,
  cookie: { name: string; domain: string },
  siteDomain: string,
): DeclarationRef | undefined {
  const candidates = policy.cookies.filter(
    (decl) =>
      matchesGlob(decl.name, cookie.name) && (decl.domain === undefined || hostWithin(cookie.domain, decl.domain)),
  );
  const declared = mostSpecific(candidates, (decl) => decl.name, (decl) => decl.domain !== undefined);
  if (declared !== undefined) return cookieRef(declared);

  return thirdPartyFor(policy, cookie.domain, siteDomain);
}

/** The host of a storage origin ("https://a.example:8443" → "a.example"); undefined for opaque origins. */
function originHost(origin: string): string | undefined {
  try {
    const host = new URL(origin).hostname;
    return host === '' ? undefined : host;
  } catch {
    return undefined;
  }
}

/**
 * The declaration a storage entry falls under: storage declarations by type and key, then the
 * third party of the origin's host. Pass `siteDomain` to widen third-party matching as for cookies.
 */
export function matchStorage(
  policy: PolicyManifest,
  entry: { type: StorageType; key: string; origin: string },
  siteDomain?: string,
): DeclarationRef | undefined {
  const candidates = policy.storage.filter((decl) => decl.type === entry.type && matchesGlob(decl.key, entry.key));
  // Storage declarations carry no domain, so only exact-versus-glob decides.
  const declared = mostSpecific(candidates, (decl) => decl.key, () => false);
  if (declared !== undefined) return storageRef(declared);

  const host = originHost(entry.origin);
  return host === undefined ? undefined : thirdPartyFor(policy, host, siteDomain);
}

/** Every entry of the manifest as a ref, in manifest order: cookies, then storage, then third parties. */
export function declarationRefs(policy: PolicyManifest): DeclarationRef[] {
  return [
    ...policy.cookies.map(cookieRef),
    ...policy.storage.map(storageRef),
    ...policy.thirdParties.map(thirdPartyRef),
  ];
}
