/**
 * Evidence from a HAR made elsewhere (Chrome or Firefox "Save all as HAR", Playwright's recordHar, our own
 * --evidence files): the same PhaseEvidence a scan makes, from traffic alone. Cookies come from Set-Cookie
 * response headers (with every attribute) and from the Cookie headers of later requests (a cookie a script
 * wrote shows up there, without its attributes). What traffic cannot show is listed, never guessed: storage,
 * who wrote a cookie only seen being sent, and its lifetime and flags (CookieObservation.unknown).
 */
import { Cookie } from 'tough-cookie';
import { consentModeParams } from '../consent-mode-params.js';
import type { HarEntry } from '../har.js';
import { partyOf, siteOf } from '../party.js';
import { valueHash } from '../redact.js';
import { stripQuery } from '../setters.js';
import { compareCookies } from '../capture.js';
import type { CookieObservation, ImportedEvidence, PageVisit, Phase, PhaseEvidence, RequestObservation, SameSite, SiteEvidence } from '../types.js';

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface ImportOptions {
  /** The file or folder as given (named in the report). */
  file: string;
  phase: Phase;
  includeValues: boolean;
}

/** Chromium and Firefox keep a cookie at most 400 days, whatever it asked for. */
const MAX_STORED_SECONDS = 400 * 86_400;
/** A value cookie-audit already replaced by its hash (an --evidence HAR): the hash is kept as it is. */
const HASHED = /^sha256:[0-9a-f]{16}$/;

/** The HAR's log, checked enough to read: one line naming what is wrong otherwise. */
export function readHarLog(data: unknown, file: string): { creator?: string; entries: HarEntry[] } {
  const log = (data as { log?: { entries?: unknown; creator?: { name?: unknown; version?: unknown } } } | null)?.log;
  if (!log || !Array.isArray(log.entries)) throw new ImportError(`${file}: not a HAR file (no log.entries); export one with the browser's "Save all as HAR" or cookie-audit scan --evidence`);
  const entries = log.entries.filter(
    (e): e is HarEntry =>
      typeof e === 'object' && e !== null && typeof (e as HarEntry).request?.url === 'string' && Array.isArray((e as HarEntry).request.headers) && Array.isArray((e as HarEntry).response?.headers),
  );
  if (entries.length === 0) throw new ImportError(`${file}: the HAR holds no request; record the visit again with the network panel open from the start`);
  const name = typeof log.creator?.name === 'string' ? log.creator.name : undefined;
  const version = typeof log.creator?.version === 'string' ? ` ${log.creator.version}` : '';
  return { ...(name ? { creator: `${name}${version}` } : {}), entries: [...entries].sort((a, b) => Date.parse(a.startedDateTime) - Date.parse(b.startedDateTime)) };
}

function header(entry: { headers: Array<{ name: string; value: string }> }, name: string): string[] {
  return entry.headers.filter((h) => h.name.toLowerCase() === name).map((h) => h.value);
}

function isHttp(url: string): boolean {
  return url.startsWith('http:') || url.startsWith('https:');
}

/** A top-level or frame document: what the browser says it is, else an HTML answer to a navigation. */
function isDocument(entry: HarEntry): boolean {
  const type = (entry as { _resourceType?: unknown })._resourceType;
  if (typeof type === 'string') return type === 'document';
  const mime = String((entry.response as { content?: { mimeType?: unknown } }).content?.mimeType ?? '');
  return /text\/html/i.test(mime) && (header(entry.request, 'upgrade-insecure-requests').length > 0 || header(entry.request, 'sec-fetch-dest').includes('document'));
}

/** The path a cookie without Path gets: the request path up to its last '/'. */
function defaultPath(url: URL): string {
  const path = url.pathname;
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** Whether a request path lies in a folder (a cookie sent to the folder would be sent to it too). */
function underFolder(path: string, folder: string): boolean {
  return folder === '/' || path === folder || path.startsWith(`${folder}/`);
}

interface SentRequest {
  origin: string;
  path: string;
  names: Set<string>;
}

/**
 * The folder in which a cookie first seen being sent must be sent while it exists: the folder of the request
 * that carried it (its Path may be no wider). A cookie an earlier request of the same page and folder did not
 * carry was written during the page; a script's cookie without a Path gets the page's folder, so the folder
 * both share is enough. A cookie there from the start (an earlier page, or before the record) keeps the
 * narrow one: it may have a Path of its own.
 */
function folderOf(name: string, url: URL, page: string, earlier: readonly SentRequest[]): string {
  const folder = defaultPath(url);
  const pageUrl = new URL(page);
  if (pageUrl.origin !== url.origin) return folder;
  const written = earlier.some((r) => r.origin === url.origin && underFolder(r.path, folder) && !r.names.has(name));
  if (!written) return folder;
  const a = defaultPath(pageUrl).split('/');
  const b = folder.split('/');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return a.slice(0, i).join('/') || '/';
}

function domainMatches(host: string, cookieDomain: string): boolean {
  const domain = cookieDomain.replace(/^\./, '');
  return host === domain || (cookieDomain.startsWith('.') && host.endsWith(`.${domain}`));
}

function sameSiteOf(value: string | undefined): SameSite {
  const v = (value ?? '').toLowerCase();
  return v === 'strict' ? 'Strict' : v === 'none' ? 'None' : 'Lax';
}

export interface PhaseFromTraffic {
  siteUrl: string;
  phase: PhaseEvidence;
  /** Cookies seen only being sent (no Set-Cookie in the record). */
  sentOnly: string[];
  /** Cookies sent and then no longer sent by later requests of the same page: removed again, not counted. */
  removed: string[];
  redacted: boolean;
}

/** The phase's evidence from a HAR's entries. */
export function phaseFromHar(entries: readonly HarEntry[], options: ImportOptions, siteHint?: string): PhaseFromTraffic {
  const http = entries.filter((e) => isHttp(e.request.url));
  const documents = http.filter(isDocument);
  const siteUrl = siteHint ?? documents[0]?.request.url ?? http[0]?.request.url;
  if (siteUrl === undefined) throw new ImportError(`${options.file}: the HAR holds no http(s) request to audit`);
  const siteDomain = siteOf(new URL(siteUrl).hostname);
  const cookies = new Map<string, CookieObservation>();
  /** Where each cookie seen only being sent was first sent, while it has not yet outlived that page: the page (its number), the origin and the request's folder. */
  const lastSent = new Map<string, { pageNo: number; origin: string; folder: string }>();
  let pageNo = 0;
  /** The requests of the current page that carried cookies: what the jar held as the page went on. */
  let pageRequests: { pageNo: number; list: SentRequest[] } = { pageNo: 0, list: [] };
  const removed = new Set<string>();
  const requests = new Map<string, RequestObservation>();
  const pageOf = new Map<string, string>();
  let lastPage = siteUrl;
  let redacted = false;
  const hashOf = (value: string): Pick<CookieObservation, 'valueHash' | 'value'> => {
    if (HASHED.test(value)) {
      redacted = true;
      return { valueHash: value };
    }
    return { valueHash: valueHash(value), ...(options.includeValues ? { value } : {}) };
  };
  for (const entry of http) {
    const url = new URL(entry.request.url);
    const pageref = typeof entry['pageref'] === 'string' ? (entry['pageref'] as string) : '';
    const startsPage = isDocument(entry) && partyOf(url.hostname, siteDomain) === 'first';
    if (startsPage) pageOf.set(pageref, stripQuery(entry.request.url));
    const page = pageOf.get(pageref) ?? lastPage;
    if (page !== lastPage) pageNo += 1;
    lastPage = page;
    const started = Date.parse(entry.startedDateTime) || 0;

    // Sent: a cookie the record never saw set (a script wrote it, or it was set before the record began).
    const sent = header(entry.request, 'cookie').flatMap((h) => h.split(';'));
    const pairs = sent.length > 0 ? sent : (entry.request.cookies ?? []).map((c) => `${c.name}=${c.value}`);
    const names = new Set(pairs.map((pair) => pair.slice(0, Math.max(0, pair.indexOf('='))).trim()));
    // A cookie first sent during a page that a later request of that page (or the next page's own request) to
    // the same origin and folder no longer carries was removed again (a script's probe written and deleted at
    // once, which a concurrent request caught): it was gone from the jar by the end of the page, where a scan
    // reads it.
    if (pairs.length > 0) {
      for (const [key, where] of lastSent) {
        const name = key.slice(0, key.indexOf('\u0000'));
        const samePage = where.pageNo === pageNo || (startsPage && where.pageNo === pageNo - 1);
        if (names.has(name) || !samePage || where.origin !== url.origin || !underFolder(url.pathname, where.folder)) continue;
        cookies.delete(key);
        lastSent.delete(key);
        removed.add(name);
      }
    }
    if (pageRequests.pageNo !== pageNo) pageRequests = { pageNo, list: [] };
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (name === '') continue;
      // Still there on a later page: it outlived a page, where a scan reads the jar, and stays counted.
      const sentKey = `${name}\u0000${url.hostname}\u0000/`;
      if ((lastSent.get(sentKey)?.pageNo ?? pageNo) !== pageNo) lastSent.delete(sentKey);
      const known = [...cookies.values()].some((c) => c.name === name && domainMatches(url.hostname, c.domain) && url.pathname.startsWith(c.path));
      if (known) continue;
      const key = `${name}\u0000${url.hostname}\u0000/`;
      const hash = hashOf(value);
      lastSent.set(key, { pageNo, origin: url.origin, folder: folderOf(name, url, page, pageRequests.list) });
      removed.delete(name);
      cookies.set(key, {
        name,
        domain: url.hostname,
        path: '/',
        expires: null,
        lifetimeSeconds: null,
        httpOnly: false,
        secure: false,
        sameSite: 'Lax',
        party: partyOf(url.hostname, siteDomain),
        size: name.length + value.length,
        ...hash,
        firstSeenPage: page,
        unknown: HASHED.test(value) ? ['lifetime', 'flags', 'domain', 'size'] : ['lifetime', 'flags', 'domain'],
      });
    }

    if (pairs.length > 0) pageRequests.list.push({ origin: url.origin, path: url.pathname, names });

    // Set: every attribute the site asked for.
    for (const line of header(entry.response, 'set-cookie').flatMap((h) => h.split('\n'))) {
      const parsed = Cookie.parse(line, { loose: true });
      if (!parsed || parsed.key === '') continue;
      const domain = parsed.domain ? `.${parsed.domain.replace(/^\./, '')}` : url.hostname;
      const path = parsed.path ?? defaultPath(url);
      const key = `${parsed.key}\u0000${domain}\u0000${path}`;
      const maxAge = typeof parsed.maxAge === 'number' ? parsed.maxAge : undefined;
      const expiresAt = parsed.expires instanceof Date ? parsed.expires.getTime() : undefined;
      const requested = maxAge !== undefined ? maxAge : expiresAt !== undefined ? Math.round((expiresAt - started) / 1000) : null;
      if (requested !== null && requested <= 0) continue; // a deletion
      if (cookies.has(key) && !cookies.get(key)?.unknown?.includes('flags')) continue; // the first one seen counts, as in a scan
      const stored = requested === null ? null : Math.min(requested, MAX_STORED_SECONDS);
      const value = parsed.value;
      const hash = hashOf(value);
      cookies.set(key, {
        name: parsed.key,
        domain,
        path,
        expires: stored === null ? null : new Date(started + stored * 1000).toISOString(),
        lifetimeSeconds: stored,
        requestedLifetimeSeconds: requested,
        httpOnly: parsed.httpOnly,
        secure: parsed.secure,
        sameSite: sameSiteOf(typeof parsed.sameSite === 'string' ? parsed.sameSite : undefined),
        party: partyOf(domain, siteDomain),
        size: parsed.key.length + value.length,
        ...hash,
        firstSeenPage: page,
        setBy: { kind: 'header', url: stripQuery(entry.request.url) },
        ...(HASHED.test(value) ? { unknown: ['size' as const] } : {}),
      });
      // A cookie first seen being sent is the same cookie once its Set-Cookie shows up: one observation.
      for (const [k, c] of cookies) if (c.unknown?.includes('flags') && c.name === parsed.key && domainMatches(c.domain, domain)) {
        cookies.delete(k);
        lastSent.delete(k);
      }
    }

    const resourceType = typeof entry['_resourceType'] === 'string' ? (entry['_resourceType'] as string) : isDocument(entry) ? 'document' : 'other';
    const consentMode = consentModeParams(entry.request.url);
    const stripped = stripQuery(entry.request.url);
    const rkey = `${stripped}\u0000${entry.request.method}\u0000${resourceType}${consentMode ? `\u0000${consentMode.gcs ?? ''}\u0000${consentMode.gcd ?? ''}` : ''}`;
    const seen = requests.get(rkey);
    if (seen) seen.count += 1;
    else
      requests.set(rkey, {
        url: stripped,
        method: entry.request.method,
        resourceType,
        frameUrl: '',
        party: partyOf(url.hostname, siteDomain),
        firstSeenPage: page,
        count: 1,
        ...(consentMode ? { consentMode } : {}),
      });
  }
  const pages: PageVisit[] = [];
  for (const doc of documents) {
    const url = stripQuery(doc.request.url);
    if (partyOf(new URL(doc.request.url).hostname, siteDomain) !== 'first' || pages.some((p) => p.url === url)) continue;
    pages.push({ url, finalUrl: url, status: doc.response.status, ok: doc.response.status > 0 && doc.response.status < 400 });
  }
  if (pages.length === 0) pages.push({ url: stripQuery(siteUrl), ok: true });
  const list = [...cookies.values()].sort(compareCookies);
  return {
    siteUrl,
    redacted,
    sentOnly: list.filter((c) => c.unknown?.includes('flags')).map((c) => c.name),
    removed: [...removed].filter((name) => !list.some((c) => c.name === name)).sort(),
    phase: {
      phase: options.phase,
      status: 'completed',
      pages,
      cookies: list,
      storage: [],
      requests: [...requests.values()].sort((a, b) => cmp(a.url, b.url) || cmp(a.method, b.method) || cmp(a.resourceType, b.resourceType)),
      errors: [],
    },
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a HAR cannot hold, for the report (ImportedEvidence.cannotKnow). */
export function harLimits(traffic: PhaseFromTraffic): string[] {
  const phase = traffic.phase.phase;
  const answer = phase === 'reject' || phase === 'accept';
  const lines = [
    ...(answer
      ? [
          `When the visitor answered the banner: the whole record is taken as the ${phase} phase, so a cookie sent before the click counts as sent after it; record from a reload after answering for a clean ${phase} record.`,
        ]
      : []),
    'Storage: a HAR records traffic only, so localStorage, sessionStorage and IndexedDB are not in it; no storage finding could be made, and declared storage shows as not observed without a finding.',
    'Cookies a script wrote that no request carried afterwards: only cookies sent over HTTP are in the record.',
    'The consent banner, what was clicked and the consent signals (TCF, Consent Mode on the page): traffic does not show them.',
  ];
  if (traffic.sentOnly.length > 0) {
    lines.splice(
      1,
      0,
      `Who wrote ${traffic.sentOnly.join(', ')}, and their lifetime, Secure, HttpOnly, SameSite and exact domain: they appear only in Cookie request headers (a script wrote them, or they were set before the record began); no lifetime or flag finding was made for them.`,
    );
  }
  if (traffic.removed.length > 0) {
    lines.push(
      `${traffic.removed.join(', ')}: sent by some requests and no longer by later ones of the same page, so removed again; such a passing cookie is not counted, as a scan that reads the browser's cookies after each page would not see it.`,
    );
  }
  if (traffic.redacted) lines.push('Cookie values and sizes: the record holds cookie-audit\'s hashes of them, not the values.');
  return lines;
}

export function siteFromPhase(traffic: PhaseFromTraffic, imported: ImportedEvidence): SiteEvidence {
  const start = new URL(traffic.siteUrl);
  return {
    url: stripQuery(traffic.siteUrl),
    startPages: [stripQuery(traffic.siteUrl)],
    siteDomain: siteOf(start.hostname),
    https: start.protocol === 'https:',
    status: 'ok',
    phases: [traffic.phase],
    imported,
  };
}

export function evidenceFromHar(data: unknown, options: ImportOptions): SiteEvidence {
  const log = readHarLog(data, options.file);
  const traffic = phaseFromHar(log.entries, options);
  return siteFromPhase(traffic, { format: 'har', file: options.file, ...(log.creator ? { creator: log.creator } : {}), cannotKnow: harLimits(traffic) });
}
