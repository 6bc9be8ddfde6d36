/**
 * Matching cookie names (and storage keys) against known-cookie databases.
 * The most specific entry wins: an exact name beats a prefix or glob; an entry restricted to the
 * cookie's domain beats an unrestricted one; a longer literal part beats a shorter one
 * ("_hjSessionUser_*" over "_hj*"); then the built-in database beats a local one, and an earlier
 * entry a later one, so every lookup has exactly one answer.
 */
import { matchesGlob } from '../policy/glob.js';
import { hostWithin } from '../policy/match.js';
import type { KnownCookie, KnownCookieEntry } from './types.js';

interface Compiled {
  entry: KnownCookie;
  /** Position over all databases, in priority order: the final tie-breaker. */
  order: number;
  literalLength: number;
}

function literalLength(entry: KnownCookieEntry): number {
  return entry.match === 'glob' ? entry.pattern.replace(/[*?]/g, '').length : entry.pattern.length;
}

function nameMatches(entry: KnownCookieEntry, name: string): boolean {
  switch (entry.match) {
    case 'exact':
      return entry.pattern === name;
    case 'prefix':
      return name.startsWith(entry.pattern);
    case 'glob':
      return matchesGlob(entry.pattern, name);
  }
}

/** Without a domain (explain <name>), an entry's domain restriction cannot be judged and is not applied. */
function domainMatches(entry: KnownCookieEntry, domain: string | undefined): boolean {
  return domain === undefined || entry.domains === undefined || entry.domains.some((d) => hostWithin(domain, d));
}

function compare(a: Compiled, b: Compiled): number {
  const exact = (c: Compiled) => (c.entry.match === 'exact' ? 0 : 1);
  const restricted = (c: Compiled) => (c.entry.domains === undefined ? 1 : 0);
  return (
    exact(a) - exact(b) ||
    restricted(a) - restricted(b) ||
    b.literalLength - a.literalLength ||
    a.order - b.order
  );
}

export class CookieMatcher {
  private readonly exact = new Map<string, Compiled[]>();
  private readonly patterns: Compiled[] = [];

  /** `databases` in priority order (built-in first); each entry remembers which database it came from. */
  constructor(databases: ReadonlyArray<{ name: string; entries: readonly KnownCookieEntry[] }>) {
    let order = 0;
    for (const db of databases) {
      for (const entry of db.entries) {
        const compiled: Compiled = { entry: { ...entry, database: db.name }, order: order++, literalLength: literalLength(entry) };
        if (entry.match === 'exact') {
          const list = this.exact.get(entry.pattern) ?? [];
          list.push(compiled);
          this.exact.set(entry.pattern, list);
        } else this.patterns.push(compiled);
      }
    }
  }

  /** Every entry matching the name (and domain, when given), best first. */
  candidates(name: string, domain?: string): KnownCookie[] {
    const found = [...(this.exact.get(name) ?? []), ...this.patterns.filter((c) => nameMatches(c.entry, name))];
    return found
      .filter((c) => domainMatches(c.entry, domain))
      .sort(compare)
      .map((c) => c.entry);
  }

  best(name: string, domain?: string): KnownCookie | undefined {
    return this.candidates(name, domain)[0];
  }
}
