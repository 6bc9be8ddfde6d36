/**
 * Classification: the pure step between crawl and audit. Every cookie and storage entry gets the
 * category it is audited under, with its source, strongest first:
 *   manifest (the site's own declaration) > database (known-cookie database) >
 *   tracker list (a third-party cookie's domain, or a storage entry's origin, is a known tracker) > unknown.
 * Every request gets the tracker database's facts about its host. Rules use the same functions, so
 * the report's classification and the findings can never disagree.
 */
import type { CookieObservation, ItemClassification, RequestObservation, SiteEvidence, StorageObservation, StorageType } from '../evidence/types.js';
import { hostWithin, matchCookie, matchStorage, matchThirdParty } from '../policy/match.js';
import type { Category, DeclarationRef, PolicyManifest } from '../policy/types.js';
import type { CategorySource, KnownCookie, Knowledge, TrackerInfo } from './types.js';

export interface Classified {
  category: Category | null;
  source: CategorySource;
  /** The manifest entry, when the item is declared. */
  declaration?: DeclarationRef;
  /** The best known-cookie entry, whether or not it decided the category. */
  known?: KnownCookie;
  /** The tracker entry of a third-party cookie's domain or storage origin. */
  tracker?: TrackerInfo;
}

/** "an analytics", "a marketing": a category in running text. */
export function withArticle(category: string): string {
  return `${/^[aeiou]/.test(category) ? 'an' : 'a'} ${category}`;
}

/** The host of a URL or origin; undefined for opaque origins and non-URLs. */
export function hostOf(url: string): string | undefined {
  try {
    const host = new URL(url).hostname;
    return host === '' ? undefined : host.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

function decide(declaration: DeclarationRef | undefined, known: KnownCookie | undefined, tracker: TrackerInfo | undefined): Classified {
  const facts = {
    ...(declaration === undefined ? {} : { declaration }),
    ...(known === undefined ? {} : { known }),
    ...(tracker === undefined ? {} : { tracker }),
  };
  if (declaration !== undefined) return { category: declaration.category, source: 'manifest', ...facts };
  if (known !== undefined) return { category: known.category, source: 'database', ...facts };
  if (tracker !== undefined) return { category: tracker.category, source: 'tracker-list', ...facts };
  return { category: null, source: 'unknown', ...facts };
}

export function classifyCookie(
  cookie: { name: string; domain: string },
  policy: PolicyManifest,
  siteDomain: string,
  knowledge: Knowledge,
): Classified {
  const declaration = matchCookie(policy, cookie, siteDomain);
  const known = knowledge.cookie(cookie.name, cookie.domain);
  // The site is never a tracker on itself: only a third-party cookie's domain says anything.
  const tracker = hostWithin(cookie.domain, siteDomain) ? undefined : knowledge.tracker(cookie.domain);
  return decide(declaration, known, tracker);
}

export function classifyStorage(
  entry: { type: StorageType; key: string; origin: string },
  policy: PolicyManifest,
  siteDomain: string,
  knowledge: Knowledge,
): Classified {
  const declaration = matchStorage(policy, entry, siteDomain);
  const host = hostOf(entry.origin);
  const known = knowledge.cookie(entry.key, host);
  const tracker = host === undefined || hostWithin(host, siteDomain) ? undefined : knowledge.tracker(host);
  return decide(declaration, known, tracker);
}

/** A request's host as the manifest and the tracker database see it. */
export interface ClassifiedRequest {
  host: string;
  tracker?: TrackerInfo;
  /** The manifest's third party covering the host. */
  declaration?: DeclarationRef;
  /** The manifest's category when declared, else the tracker database's; null when neither knows. */
  category: Category | null;
  source: CategorySource;
}

export function classifyRequest(
  request: { url: string },
  policy: PolicyManifest,
  siteDomain: string,
  knowledge: Knowledge,
): ClassifiedRequest | undefined {
  const host = hostOf(request.url);
  if (host === undefined) return undefined;
  const tracker = knowledge.tracker(host);
  const declaration = matchThirdParty(policy, host, siteDomain);
  const base = { host, ...(tracker === undefined ? {} : { tracker }), ...(declaration === undefined ? {} : { declaration }) };
  if (declaration !== undefined) return { ...base, category: declaration.category, source: 'manifest' };
  if (tracker !== undefined) return { ...base, category: tracker.category, source: 'tracker-list' };
  return { ...base, category: null, source: 'unknown' };
}

function toClassification(classified: Classified): ItemClassification {
  const vendor = classified.known?.vendor ?? classified.tracker?.organisation;
  return { category: classified.category, source: classified.source, ...(vendor === undefined ? {} : { vendor }) };
}

function classifyCookieObservation(cookie: CookieObservation, policy: PolicyManifest, siteDomain: string, knowledge: Knowledge): CookieObservation {
  return { ...cookie, classification: toClassification(classifyCookie(cookie, policy, siteDomain, knowledge)) };
}

function classifyStorageObservation(entry: StorageObservation, policy: PolicyManifest, siteDomain: string, knowledge: Knowledge): StorageObservation {
  return { ...entry, classification: toClassification(classifyStorage(entry, policy, siteDomain, knowledge)) };
}

function classifyRequestObservation(request: RequestObservation, knowledge: Knowledge): RequestObservation {
  const host = hostOf(request.url);
  const tracker = host === undefined ? undefined : knowledge.tracker(host);
  const { tracker: _previous, ...rest } = request;
  return tracker === undefined
    ? rest
    : { ...rest, tracker: { organisation: tracker.organisation, category: tracker.category, source: tracker.source } };
}

/** A new SiteEvidence with every cookie, storage entry and request classified; the input is left as it was. */
export function classifySite(site: SiteEvidence, policy: PolicyManifest, knowledge: Knowledge): SiteEvidence {
  return {
    ...site,
    phases: site.phases.map((phase) => ({
      ...phase,
      cookies: phase.cookies.map((c) => classifyCookieObservation(c, policy, site.siteDomain, knowledge)),
      storage: phase.storage.map((s) => classifyStorageObservation(s, policy, site.siteDomain, knowledge)),
      requests: phase.requests.map((r) => classifyRequestObservation(r, knowledge)),
    })),
  };
}
