/**
 * The project's tracker-domain list (rules/trackers.json): host → organisation → category.
 * A host matches its own entry, else the entry of its nearest parent, walking up label by label to
 * the registrable domain (never further: "com" or "co.uk" are nobody's). So "bat.bing.com" can be
 * Microsoft Advertising while "www.bing.com" falls back to whatever "bing.com" says.
 */
import { getDomain } from 'tldts';
import type { Category } from '../policy/types.js';
import type { TrackerInfo } from './types.js';

export interface TrackerEntry {
  domain: string;
  organisation: string;
  category: Category;
  vendor?: string;
}

export interface TrackerFile {
  version: 1;
  $comment?: string;
  entries: TrackerEntry[];
}

export const BUILT_IN_TRACKERS = { name: 'cookie-audit', licence: 'MIT (facts only: domain, organisation, category)' } as const;

/** Lower case, no leading dot (cookie domains) and no trailing dot (FQDNs). */
export function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\.+/, '').replace(/\.+$/, '');
}

/** The host, then each parent, down to (and including) its registrable domain; just the host for IPs and single labels. */
export function hostAndParents(host: string): string[] {
  const h = normaliseHost(host);
  const registrable = getDomain(h, { allowPrivateDomains: true });
  if (registrable === null || !h.endsWith(registrable)) return [h];
  const chain: string[] = [];
  let current = h;
  while (current.length >= registrable.length) {
    chain.push(current);
    if (current === registrable) break;
    current = current.slice(current.indexOf('.') + 1);
  }
  return chain;
}

export class TrackerList {
  private readonly byDomain = new Map<string, TrackerEntry>();

  constructor(entries: readonly TrackerEntry[], private readonly source: string = BUILT_IN_TRACKERS.name) {
    // The first entry for a domain wins; the data test forbids duplicates anyway.
    for (const entry of entries) {
      const key = normaliseHost(entry.domain);
      if (!this.byDomain.has(key)) this.byDomain.set(key, entry);
    }
  }

  get size(): number {
    return this.byDomain.size;
  }

  lookup(host: string): TrackerInfo | undefined {
    for (const candidate of hostAndParents(host)) {
      const entry = this.byDomain.get(candidate);
      if (entry !== undefined) {
        return {
          domain: entry.domain,
          organisation: entry.organisation,
          category: entry.category,
          ...(entry.vendor === undefined ? {} : { vendor: entry.vendor }),
          source: this.source,
        };
      }
    }
    return undefined;
  }
}
