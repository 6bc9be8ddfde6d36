/**
 * `cookie-audit init`: a draft policy manifest from what a scan observed. Every cookie, storage entry
 * and third party seen in any phase is declared, with what the databases know (category, vendor,
 * purpose) and the lifetime the site really asked for. Whatever is a guess says so in a comment, and
 * what nobody knows is marked UNKNOWN with a placeholder category, so a person reviews it before the
 * file is committed. Pure: evidence and knowledge in, YAML text out.
 */
import { Document, type YAMLMap } from 'yaml';
import { siteOf } from '../evidence/party.js';
import type { CookieObservation, Phase, SiteEvidence, StorageObservation, StorageType } from '../evidence/types.js';
import { PHASES } from '../evidence/types.js';
import { formatDuration } from '../policy/duration.js';
import { hostWithin } from '../policy/match.js';
import { CATEGORIES, type Category, type ConsentStep } from '../policy/types.js';
import { hostOf, withArticle } from './classify.js';
import type { KnownCookie, Knowledge, TrackerInfo } from './types.js';

export interface DraftOptions {
  accept?: ConsentStep;
  reject?: ConsentStep;
}

/** What rules/policy.schema.json accepts as a domain. */
const DECLARABLE_DOMAIN = /^\.?[^\s/:?#*@.]+(?:\.[^\s/:?#*@.]+)*$/;

/**
 * The category written for something no database knows: a placeholder a person must decide. Not
 * `necessary`, which would exempt it before consent and after "reject all" and so silence real
 * violations in a draft committed unreviewed; `functional` needs consent under the draft's
 * beforeConsent [necessary], so the audit keeps judging it as it judges undeclared unknown cookies.
 */
const PLACEHOLDER: Category = 'functional';
const DECIDE = `"${PLACEHOLDER}" is a placeholder that keeps it under audit (it needs consent): decide its category, necessary only if the site cannot work without it, and add a purpose`;

interface Guess {
  category: Category;
  /** The comment line saying where the category came from. */
  why: string;
  provider?: string;
  purpose?: string;
}

/** Comments hold text from the site (URLs): one line, no control characters. */
function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

function knownGuess(known: KnownCookie, noun: 'cookie' | 'storage entry'): Guess {
  const ref = known.reference === undefined ? '' : `, ${known.reference}`;
  return {
    category: known.category,
    why: `guess: ${withArticle(known.category)} ${noun} of ${known.vendor} according to the known-cookie database (${known.match} "${known.pattern}"${ref})`,
    provider: known.vendor,
    ...(known.purpose === undefined ? {} : { purpose: known.purpose }),
  };
}

function trackerGuess(tracker: TrackerInfo, what: string): Guess {
  return {
    category: tracker.category,
    why: `guess: ${what} belongs to ${tracker.organisation} (${tracker.category}) according to the tracker list (${tracker.domain})`,
    provider: tracker.vendor ?? tracker.organisation,
  };
}

function unknownGuess(what: string, provider?: string): Guess {
  return {
    category: PLACEHOLDER,
    why: `UNKNOWN: no database knows this ${what}; ${DECIDE}`,
    ...(provider === undefined ? {} : { provider }),
  };
}

/**
 * The lifetime to declare: the longest the site asked for (Set-Cookie / document.cookie); when the
 * request was not seen, the stored lifetime rounded up (to the minute, hour or day), so that the
 * next scan's measurement stays within it. Null = session.
 */
export function declaredLifetime(cookies: readonly CookieObservation[]): number | null {
  let longest: number | null = null;
  for (const cookie of cookies) {
    let seconds: number | null;
    if (cookie.requestedLifetimeSeconds !== undefined && cookie.requestedLifetimeSeconds !== null) seconds = cookie.requestedLifetimeSeconds;
    else if (cookie.lifetimeSeconds !== null) seconds = roundUp(cookie.lifetimeSeconds);
    else seconds = null;
    if (seconds !== null && (longest === null || seconds > longest)) longest = seconds;
  }
  return longest;
}

function roundUp(seconds: number): number {
  const unit = seconds < 3600 ? 60 : seconds < 2 * 86_400 ? 3600 : 86_400;
  return Math.max(unit, Math.ceil(seconds / unit) * unit);
}

interface Sighting<T> {
  phase: Phase;
  item: T;
  site: SiteEvidence;
}

function sightings<T>(sites: readonly SiteEvidence[], pick: (p: SiteEvidence['phases'][number]) => readonly T[]): Sighting<T>[] {
  return sites.flatMap((site) =>
    PHASES.flatMap((phase) =>
      site.phases.filter((p) => p.phase === phase && p.status === 'completed').flatMap((p) => pick(p).map((item) => ({ phase, item, site }))),
    ),
  );
}

function phasesOf(list: ReadonlyArray<{ phase: Phase }>): string {
  return PHASES.filter((p) => list.some((s) => s.phase === p)).join(', ');
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface DraftEntry<T> {
  value: T;
  comments: string[];
  category: Category;
  sortKey: string;
}

/** Cookies by name (first-party) or by name and domain (third-party). */
function draftCookies(sites: readonly SiteEvidence[], knowledge: Knowledge): DraftEntry<Record<string, unknown>>[] {
  const groups = new Map<string, Sighting<CookieObservation>[]>();
  for (const s of sightings(sites, (p) => p.cookies)) {
    const firstParty = hostWithin(s.item.domain, s.site.siteDomain);
    const key = JSON.stringify([s.item.name, firstParty ? '' : s.item.domain.replace(/^\./, '')]);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.entries()].map(([key, list]) => {
    const [name, domain] = JSON.parse(key) as [string, string];
    const first = list[0]!;
    const cookie = first.item;
    const known = knowledge.cookie(name, cookie.domain);
    const tracker = domain === '' ? undefined : knowledge.tracker(domain);
    const guess = known
      ? knownGuess(known, 'cookie')
      : tracker
        ? trackerGuess(tracker, `its domain ${domain}`)
        : unknownGuess('cookie', domain === '' ? 'first-party' : siteOf(domain));
    const lifetime = declaredLifetime(list.map((s) => s.item));
    const value: Record<string, unknown> = { name, category: guess.category, expires: formatDuration(lifetime) };
    if (guess.provider !== undefined) value['provider'] = guess.provider;
    if (guess.purpose !== undefined) value['purpose'] = guess.purpose;
    if (domain !== '') value['domain'] = domain;
    const setter = cookie.setBy === undefined ? '' : `; set by ${cookie.setBy.kind} ${cookie.setBy.url}`;
    const asked = list.some((s) => s.item.requestedLifetimeSeconds !== undefined) ? 'as the site asked for' : 'as stored, rounded up';
    return {
      value,
      category: guess.category,
      sortKey: `${name}\u0000${domain}`,
      comments: [guess.why, `seen in ${phasesOf(list)} on ${cookie.domain}${setter}; expires ${asked}`],
    };
  });
}

function draftStorage(sites: readonly SiteEvidence[], knowledge: Knowledge): DraftEntry<Record<string, unknown>>[] {
  const groups = new Map<string, Sighting<StorageObservation>[]>();
  for (const s of sightings(sites, (p) => p.storage)) {
    const key = JSON.stringify([s.item.type, s.item.key]);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.entries()].map(([key, list]) => {
    const [type, storageKey] = JSON.parse(key) as [StorageType, string];
    const entry = list[0]!.item;
    const host = hostOf(entry.origin);
    const known = knowledge.cookie(storageKey, host);
    const thirdParty = host !== undefined && !hostWithin(host, list[0]!.site.siteDomain);
    const tracker = thirdParty && host !== undefined ? knowledge.tracker(host) : undefined;
    const guess = known ? knownGuess(known, 'storage entry') : tracker ? trackerGuess(tracker, `its origin ${entry.origin}`) : unknownGuess('storage entry');
    const value: Record<string, unknown> = { key: storageKey, type, category: guess.category };
    if (guess.purpose !== undefined) value['purpose'] = guess.purpose;
    const setter = entry.setBy === undefined ? '' : `; written by ${entry.setBy.url}`;
    return {
      value,
      category: guess.category,
      sortKey: `${type}\u0000${storageKey}`,
      comments: [guess.why, `seen in ${phasesOf(list)} in ${entry.origin}${setter}`],
    };
  });
}

/** Third parties: every third-party registrable domain of a request, cookie or storage origin, grouped by who runs it. */
function draftThirdParties(sites: readonly SiteEvidence[], knowledge: Knowledge): DraftEntry<Record<string, unknown>>[] {
  const seen = new Map<string, { hosts: Set<string>; requests: number; cookies: Set<string> }>();
  const note = (host: string, site: SiteEvidence) => {
    const h = host.replace(/^\./, '').toLowerCase();
    if (hostWithin(h, site.siteDomain)) return undefined;
    const domain = siteOf(h);
    const record = seen.get(domain) ?? { hosts: new Set<string>(), requests: 0, cookies: new Set<string>() };
    seen.set(domain, record);
    return record;
  };
  for (const s of sightings(sites, (p) => p.requests)) {
    const host = hostOf(s.item.url);
    if (host === undefined || s.item.party !== 'third') continue;
    const record = note(host, s.site);
    if (record === undefined) continue;
    record.hosts.add(host.toLowerCase());
    record.requests += s.item.count;
  }
  for (const s of sightings(sites, (p) => p.cookies)) if (s.item.party === 'third') note(s.item.domain, s.site)?.cookies.add(s.item.name);
  for (const s of sightings(sites, (p) => p.storage)) {
    const host = hostOf(s.item.origin);
    if (host !== undefined && s.item.party === 'third') note(host, s.site);
  }

  // One entry per organisation and category (Meta's facebook.com and facebook.net together); unknown domains each get their own.
  const groups = new Map<string, { name: string; category: Category; domains: string[]; trackers: TrackerInfo[]; unknown: boolean }>();
  // The manifest's domain grammar has no room for IPv6 literals; such hosts stay out of the draft.
  for (const domain of [...seen.keys()].filter((d) => DECLARABLE_DOMAIN.test(d)).sort(compareText)) {
    const record = seen.get(domain)!;
    const tracker = [...[...record.hosts].sort(compareText), domain].map((h) => knowledge.tracker(h)).find((t) => t !== undefined);
    const category = tracker?.category ?? PLACEHOLDER;
    const key = JSON.stringify(tracker === undefined ? ['?', domain] : [tracker.organisation, category]);
    const group = groups.get(key) ?? { name: tracker?.organisation ?? domain, category, domains: [], trackers: [], unknown: tracker === undefined };
    group.domains.push(domain);
    if (tracker !== undefined) group.trackers.push(tracker);
    groups.set(key, group);
  }
  // A group of one product is named after it ("Google Analytics"); an organisation in several categories says which.
  const all = [...groups.values()];
  for (const group of all) {
    const vendors = [...new Set(group.trackers.map((t) => t.vendor ?? t.organisation))];
    if (vendors.length === 1) group.name = vendors[0]!;
    else if (all.filter((g) => g.name === group.name).length > 1) group.name = `${group.name} (${group.category})`;
  }
  return all.map((group) => {
    const details = group.domains.map((d) => {
      const r = seen.get(d)!;
      const cookies = r.cookies.size > 0 ? `, cookies ${[...r.cookies].sort().join(', ')}` : '';
      return `${[...r.hosts].sort().join(', ')} (${r.requests} request(s)${cookies})`;
    });
    const why = group.unknown
      ? `UNKNOWN: the tracker list does not know ${group.domains.join(', ')}; ${DECIDE}`
      : `guess: ${group.trackers[0]!.organisation}, ${group.category}, according to the tracker list`;
    return {
      value: { name: group.name, domains: group.domains, category: group.category },
      category: group.category,
      sortKey: group.name,
      comments: [why, `seen: ${details.join('; ')}`],
    };
  });
}

const CATEGORY_HEADINGS: Record<Category, string> = {
  necessary: '--- Strictly necessary ---',
  functional: '--- Functional: only after consent ---',
  analytics: '--- Analytics: only after consent ---',
  marketing: '--- Marketing: only after consent ---',
};

function sortEntries<T>(entries: DraftEntry<T>[]): DraftEntry<T>[] {
  return [...entries].sort(
    (a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || compareText(a.sortKey, b.sortKey),
  );
}

/** The draft manifest as YAML text. `sites` are the scanned sites' evidence (classified or not). */
export function draftManifest(sites: readonly SiteEvidence[], knowledge: Knowledge, options: DraftOptions = {}): string {
  const first = sites[0];
  const siteName = first === undefined ? 'My site' : (hostOf(first.url) ?? first.url);
  const cookies = sortEntries(draftCookies(sites, knowledge));
  const storage = sortEntries(draftStorage(sites, knowledge));
  const thirdParties = sortEntries(draftThirdParties(sites, knowledge));

  const consent: Record<string, unknown> = { beforeConsent: ['necessary'] };
  if (options.accept !== undefined) consent['accept'] = options.accept;
  if (options.reject !== undefined) consent['reject'] = options.reject;
  const manifest: Record<string, unknown> = { site: siteName, consent };
  if (cookies.length > 0) manifest['cookies'] = cookies.map((e) => e.value);
  if (storage.length > 0) manifest['storage'] = storage.map((e) => e.value);
  if (thirdParties.length > 0) manifest['thirdParties'] = thirdParties.map((e) => e.value);

  const doc = new Document(manifest);
  const guesses = [...cookies, ...storage, ...thirdParties];
  const unknown = guesses.filter((e) => e.comments[0]!.startsWith('UNKNOWN')).length;
  const scanned = sites.map((s) => s.url).join(', ');
  doc.commentBefore = [
    ` Draft cookie policy written by cookie-audit init from a scan of ${commentText(scanned)}`,
    ' (phases: ' + commentText([...new Set(sites.flatMap((s) => s.phases.filter((p) => p.status === 'completed').map((p) => p.phase)))].join(', ')) + ').',
    ' Every entry is a guess until a person has checked it: categories and purposes come from the',
    ' known-cookie database and the tracker list, lifetimes from what the site asked for.',
    ` ${unknown} entr${unknown === 1 ? 'y is' : 'ies are'} marked UNKNOWN: nothing knew them; their category is a placeholder.`,
    ' Check it with: cookie-audit validate <this file>; audit with: cookie-audit scan <url> --policy <this file>',
  ].join('\n');
  // Short lists read better on one line: beforeConsent: [necessary], domains: [stripe.com, stripe.network].
  const flow = (path: unknown[]) => {
    const node = doc.getIn(path, true) as { flow?: boolean } | undefined;
    if (node !== undefined && typeof node === 'object') node.flow = true;
  };
  flow(['consent', 'beforeConsent']);
  thirdParties.forEach((_, i) => flow(['thirdParties', i, 'domains']));
  const consentNode = doc.get('consent', true) as YAMLMap | undefined;
  if (consentNode !== undefined && (options.accept === undefined || options.reject === undefined)) {
    consentNode.commentBefore = ' TODO: add accept / reject, e.g. accept: { selector: "#accept-all" }, so scans can operate the banner';
  }
  const annotate = (section: string, entries: DraftEntry<unknown>[], headings: boolean) => {
    let previous: Category | undefined;
    entries.forEach((entry, i) => {
      const node = doc.getIn([section, i], true) as YAMLMap | undefined;
      if (node === undefined) return;
      const lines = entry.comments.map((c) => ` ${commentText(c)}`);
      if (headings && entry.category !== previous) lines.unshift(` ${CATEGORY_HEADINGS[entry.category]}`);
      previous = entry.category;
      node.commentBefore = lines.join('\n');
    });
  };
  annotate('cookies', cookies, true);
  annotate('storage', storage, false);
  annotate('thirdParties', thirdParties, false);
  return doc.toString({ lineWidth: 0 });
}
