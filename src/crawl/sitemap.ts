/**
 * Reading a site's sitemaps in the browser: `Sitemap:` lines of /robots.txt, else /sitemap.xml, and the
 * sitemaps a sitemap index lists (same-origin ones: another origin's would need CORS). The browser fetches
 * them (not Node) so --resolve host mappings, proxies and certificate settings apply as for the pages; a
 * context of its own keeps these requests and whatever cookies they bring out of the phase's evidence.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { normaliseUrl, parseSitemap, robotsSitemaps } from './discover.js';

export interface SitemapLimits {
  /** Stop once this many page URLs are known. */
  maxUrls: number;
  /** Sitemap documents read at most (robots.txt not counted): bounds sitemap indexes of huge sites. */
  maxDocuments: number;
  timeoutMs: number;
}

export interface SitemapResult {
  urls: string[];
  /** Sitemap documents read, in order. */
  read: string[];
}

/**
 * One tab on the site's origin, so that sitemaps are read with a same-origin fetch(): whatever content
 * type the server gives them (sitemaps are often served as downloads), and through the browser's network
 * stack. Its document is robots.txt when the site has one.
 */
async function openOrigin(context: BrowserContext, startUrl: string, timeoutMs: number): Promise<{ page: Page; robots: string | null }> {
  const page = await context.newPage();
  const origin = new URL(startUrl).origin;
  try {
    // 'load', not 'commit': closing a tab whose document is still arriving can leave Chromium's tab hanging.
    const response = await page.goto(`${origin}/robots.txt`, { waitUntil: 'load', timeout: timeoutMs });
    return { page, robots: response?.ok() ? await response.text() : null };
  } catch {
    // robots.txt served as a download, or no answer: the start page gives the origin instead.
    await page.goto(startUrl, { waitUntil: 'domcontentloaded', timeout: timeoutMs }).catch(() => undefined);
    return { page, robots: null };
  }
}

async function fetchText(page: Page, url: string, timeoutMs: number): Promise<string | null> {
  const read = page.evaluate(async (target) => {
    try {
      const response = await fetch(target, { credentials: 'same-origin', cache: 'no-store' });
      return response.ok ? await response.text() : null;
    } catch {
      return null; // another origin (CORS), or no answer
    }
  }, url);
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), timeoutMs).unref());
  return Promise.race([read.catch(() => null), timeout]);
}

export async function readSitemaps(context: BrowserContext, startUrl: string, limits: SitemapLimits): Promise<SitemapResult> {
  const origin = new URL(startUrl).origin;
  const { page, robots } = await openOrigin(context, startUrl, limits.timeoutMs);
  const queue = robots === null ? [] : robotsSitemaps(robots, `${origin}/robots.txt`);
  if (queue.length === 0) queue.push(`${origin}/sitemap.xml`);
  const urls: string[] = [];
  const read: string[] = [];
  const queued = new Set(queue);
  while (queue.length > 0 && read.length < limits.maxDocuments && urls.length < limits.maxUrls) {
    const sitemap = queue.shift()!;
    // Gzipped sitemaps would need decompressing; they are skipped.
    if (/\.gz$/i.test(new URL(sitemap).pathname)) continue;
    read.push(sitemap);
    const xml = await fetchText(page, sitemap, limits.timeoutMs);
    if (xml === null) continue;
    const contents = parseSitemap(xml);
    for (const url of contents.urls) {
      if (urls.length >= limits.maxUrls) break;
      urls.push(url);
    }
    for (const child of contents.sitemaps) {
      const normal = normaliseUrl(child, sitemap);
      if (normal && !queued.has(normal)) {
        queued.add(normal);
        queue.push(normal);
      }
    }
  }
  return { urls, read };
}
