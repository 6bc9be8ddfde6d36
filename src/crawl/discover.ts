/**
 * Which pages of a site to visit: the start URLs, then the same-site links found on visited pages and
 * the URLs its sitemaps list, breadth-first, normalised and de-duplicated, within --max-pages, --depth,
 * --scope and --include/--exclude. Pure: the browser side (reading links, fetching sitemaps) lives in
 * phase.ts and sitemap.ts and hands its findings to a CrawlPlan.
 *
 * Breadth-first by level, not by completion order: the pages of one level are visited in parallel, but
 * the next level is built from their links in list order, so the same site always gives the same page list
 * however the parallel visits interleave.
 */
import { siteOf } from '../evidence/party.js';

export interface DiscoveryOptions {
  /** Upper bound on pages per site, start URLs included (start URLs are always visited). */
  maxPages: number;
  /** Link hops from a start URL; 0 visits the start URLs only. Sitemap URLs count as one hop. */
  maxDepth: number;
  /** URL globs a discovered URL must match one of (none: everything in scope). */
  include: readonly string[];
  /** URL globs no discovered URL may match. */
  exclude: readonly string[];
  /** Host globs the crawl stays on; empty: the start URL's registrable domain. */
  scope: readonly string[];
  /** Read /robots.txt and /sitemap.xml (and sitemap indexes) for URLs. */
  sitemaps: boolean;
}

export const DEFAULT_DISCOVERY: DiscoveryOptions = {
  maxPages: 20,
  maxDepth: 5,
  include: [],
  exclude: [],
  scope: [],
  sitemaps: true,
};

/**
 * Extensions of files a link can point at that are not pages: following them would download a file
 * (or show a media viewer) and never set a page's cookies.
 */
const DOWNLOAD_EXTENSIONS = new Set(
  (
    'pdf zip gz tgz bz2 xz tar rar 7z exe msi dmg pkg deb rpm apk ipa iso img bin jar ' +
    'doc docx xls xlsx ppt pptx odt ods odp rtf csv epub ics vcf ' +
    'mp3 mp4 m4a m4v mov avi wmv mkv webm ogg ogv oga wav flac aac ' +
    'jpg jpeg png gif webp avif svg ico bmp tif tiff heic ' +
    'woff woff2 ttf otf eot css js mjs map json xml rss atom txt wasm'
  ).split(' '),
);

/**
 * Signing out in the middle of a logged-in crawl would end the session for every page after it: a path
 * segment that is just "logout", "sign-out", "log_off", … (with or without an extension) is never followed.
 */
const SIGN_OUT = /^(?:log|sign)[-_]?(?:out|off)(?:\.\w+)?$/i;

/** A link as the page gave it, resolved; null when it is not an http(s) page worth visiting. */
export function normaliseUrl(raw: string, base?: string): string | null {
  let url: URL;
  try {
    url = base === undefined ? new URL(raw) : new URL(raw, base);
  } catch {
    return null;
  }
  // javascript:, mailto:, tel:, file:, data:, blob: … are never pages of the site.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  url.hash = '';
  // WHATWG URL already lower-cases scheme and host, drops default ports and resolves dot segments.
  // An empty query ("/a?") reads as '' but keeps its "?" in href until cleared.
  if (url.search === '') url.search = '';
  return url.href;
}

/** Identity for de-duplication: query parameters in a fixed order (`?b=2&a=1` is `?a=1&b=2`). */
export function urlKey(url: string): string {
  const parsed = new URL(url);
  if (parsed.search !== '') {
    const params = [...parsed.searchParams.entries()].sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
    parsed.search = new URLSearchParams(params).toString();
  }
  return parsed.href;
}

/** True when the URL's path ends in the extension of a file rather than a page. */
export function isDownload(url: string): boolean {
  const path = new URL(url).pathname;
  const last = path.slice(path.lastIndexOf('/') + 1);
  const dot = last.lastIndexOf('.');
  return dot > 0 && DOWNLOAD_EXTENSIONS.has(last.slice(dot + 1).toLowerCase());
}

export function isSignOut(url: string): boolean {
  return new URL(url).pathname.split('/').some((segment) => SIGN_OUT.test(segment));
}

/**
 * `*` stands for any run of characters (also none, also `/`); everything else is literal, `?` included, so
 * query strings can be written as they are. A pattern starting with `/` is matched against the path and
 * query (`/blog/*`); any other pattern against the whole URL (`https://shop.example.com/*`).
 */
export function urlGlobMatches(pattern: string, url: string): boolean {
  const parsed = new URL(url);
  const subject = pattern.startsWith('/') ? `${parsed.pathname}${parsed.search}` : parsed.href;
  return globRegExp(pattern).test(subject);
}

const globCache = new Map<string, RegExp>();
function globRegExp(pattern: string): RegExp {
  let regexp = globCache.get(pattern);
  if (!regexp) {
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*');
    regexp = new RegExp(`^${source}$`, 's');
    globCache.set(pattern, regexp);
  }
  return regexp;
}

/** `*.example.com` matches example.com itself and every subdomain; other host globs use `*` as any run. */
export function hostGlobMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p.startsWith('*.') && !p.slice(2).includes('*')) return h === p.slice(2) || h.endsWith(p.slice(1));
  return globRegExp(p).test(h);
}

/** Why a URL is not followed, or null when it is; for --debug style explanations and tests. */
export type SkipReason = 'not-a-page' | 'download' | 'sign-out' | 'out-of-scope' | 'excluded' | 'not-included';

export class CrawlScope {
  private readonly siteDomain: string;

  constructor(
    startUrl: string,
    private readonly options: Pick<DiscoveryOptions, 'include' | 'exclude' | 'scope'>,
  ) {
    this.siteDomain = siteOf(new URL(startUrl).hostname);
  }

  /** Whether a page with this (final) URL is part of the site: links on pages outside it are not followed. */
  inScope(url: string): boolean {
    const host = new URL(url).hostname;
    if (this.options.scope.length > 0) return this.options.scope.some((pattern) => hostGlobMatches(pattern, host));
    return siteOf(host) === this.siteDomain;
  }

  /** Null when a discovered (normalised) URL should be visited, else why not. */
  skipReason(url: string): SkipReason | null {
    if (isDownload(url)) return 'download';
    if (isSignOut(url)) return 'sign-out';
    if (!this.inScope(url)) return 'out-of-scope';
    if (this.options.exclude.some((pattern) => urlGlobMatches(pattern, url))) return 'excluded';
    if (this.options.include.length > 0 && !this.options.include.some((pattern) => urlGlobMatches(pattern, url))) return 'not-included';
    return null;
  }
}

/** What one visited page of a level gave: its URL, where it ended up, and the links found on it. */
export interface VisitedPage {
  url: string;
  finalUrl?: string;
  links: readonly string[];
}

/**
 * The page list of one site, grown level by level. `levels()` is not a generator over the browser: the
 * caller visits a level, reports what it found, and asks for the next.
 */
/**
 * The pages of a crawl that cannot find any page besides its start pages (--max-pages no more than them,
 * or --depth 0), or undefined when it may find more. Such a crawl needs no discovery at all: no links read,
 * no sitemaps requested, and no phase waiting for another to discover.
 */
export function startPagesOnly(startUrls: readonly string[], options: DiscoveryOptions): string[] | undefined {
  if (startUrls.length === 0) return undefined;
  const plan = new CrawlPlan(startUrls, options);
  return options.maxDepth < 1 || plan.pages.length >= options.maxPages ? plan.firstLevel() : undefined;
}

export class CrawlPlan {
  readonly scope: CrawlScope;
  /** Every page planned so far, in visiting order. */
  readonly pages: string[] = [];
  private readonly seen = new Set<string>();
  private depth = 0;

  constructor(
    startUrls: readonly string[],
    private readonly options: DiscoveryOptions,
  ) {
    if (startUrls.length === 0) throw new Error('a crawl needs at least one start URL');
    this.scope = new CrawlScope(startUrls[0]!, options);
    // Start URLs are the user's own choice: always visited, never filtered.
    for (const url of startUrls) this.add(url, true);
  }

  /** The first level: the start URLs. */
  firstLevel(): string[] {
    return [...this.pages];
  }

  /**
   * The next level from the links of the level just visited (in its list order) and, after the start
   * level, the sitemap URLs; empty when the crawl is complete.
   */
  nextLevel(visited: readonly VisitedPage[], sitemapUrls: readonly string[] = []): string[] {
    if (this.depth >= this.options.maxDepth) return [];
    const before = this.pages.length;
    for (const page of visited) {
      // A redirect target is the same page: never visit it again under its other name.
      if (page.finalUrl) this.markSeen(page.finalUrl);
    }
    for (const page of visited) {
      // A page that redirected off the site is not the site's: its links are someone else's.
      if (page.finalUrl && normaliseUrl(page.finalUrl) && !this.scope.inScope(page.finalUrl)) continue;
      for (const link of page.links) {
        if (this.full()) break;
        const url = normaliseUrl(link, page.finalUrl ?? page.url);
        if (url && this.scope.skipReason(url) === null) this.add(url, false);
      }
    }
    if (this.depth === 0) {
      for (const raw of sitemapUrls) {
        if (this.full()) break;
        const url = normaliseUrl(raw);
        if (url && this.scope.skipReason(url) === null) this.add(url, false);
      }
    }
    this.depth += 1;
    return this.pages.slice(before);
  }

  private full(): boolean {
    return this.pages.length >= this.options.maxPages;
  }

  private markSeen(url: string): void {
    const normal = normaliseUrl(url);
    if (normal) this.seen.add(urlKey(normal));
  }

  private add(url: string, always: boolean): void {
    const key = urlKey(url);
    if (this.seen.has(key)) return;
    if (!always && this.full()) return;
    this.seen.add(key);
    this.pages.push(url);
  }
}

// ---- sitemaps ----

export interface SitemapContents {
  /** Page URLs (`<urlset><url><loc>`). */
  urls: string[];
  /** Further sitemaps (`<sitemapindex><sitemap><loc>`). */
  sitemaps: string[];
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlText(text: string): string {
  return text
    .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
    .replace(/&(?:#(\d+)|#x([0-9a-f]+)|(\w+));/gi, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
      if (dec) return String.fromCodePoint(Number(dec));
      if (hex) return String.fromCodePoint(parseInt(hex, 16));
      return XML_ENTITIES[name ?? ''] ?? whole;
    })
    .trim();
}

/**
 * The URLs a sitemap or sitemap index lists (sitemaps.org protocol). Tolerant: a namespace prefix on
 * the elements, CDATA and character references are understood; anything unreadable gives nothing.
 */
export function parseSitemap(xml: string): SitemapContents {
  const urls: string[] = [];
  const sitemaps: string[] = [];
  const entry = /<(?:[\w-]+:)?(url|sitemap)\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?\1\s*>/gi;
  for (const [, kind, body] of xml.matchAll(entry)) {
    const loc = /<(?:[\w-]+:)?loc\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?loc\s*>/i.exec(body ?? '');
    if (!loc?.[1]) continue;
    const text = xmlText(loc[1]);
    if (text === '') continue;
    (kind?.toLowerCase() === 'sitemap' ? sitemaps : urls).push(text);
  }
  return { urls, sitemaps };
}

/** `Sitemap:` lines of a robots.txt, resolved against it. */
export function robotsSitemaps(robots: string, robotsUrl: string): string[] {
  const out: string[] = [];
  for (const line of robots.split(/\r?\n/)) {
    const match = /^\s*sitemap\s*:\s*(\S+)/i.exec(line);
    const url = match?.[1] ? normaliseUrl(match[1], robotsUrl) : null;
    if (url) out.push(url);
  }
  return out;
}
