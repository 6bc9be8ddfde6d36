/**
 * How the built-in database and the Open Cookie Database compare: which OCD names the built-in database
 * resolves, which built-in entries OCD knows, and where the two disagree on a category. Pure: entries in,
 * figures out. `npm run db:check` prints them; a test fails on any disagreement not settled in the data.
 */
import type { Category } from '../policy/types.js';
import { CookieMatcher } from './cookies.js';
import type { KnownCookie, KnownCookieEntry } from './types.js';

/** A name an entry matches: the exact name, the prefix with a suffix, the glob with its wildcards filled. */
export function sampleName(entry: Pick<KnownCookieEntry, 'pattern' | 'match'>): string {
  if (entry.match === 'exact') return entry.pattern;
  if (entry.match === 'prefix') return `${entry.pattern}x1`;
  return entry.pattern.replace(/\*/g, 'x1').replace(/\?/g, 'y');
}

/**
 * Whether our category says what OCD's does. OCD's "Functional" holds both strictly necessary and
 * preference cookies, so either of ours agrees with it.
 */
export function agreesWithOcd(ours: Category, ocd: KnownCookieEntry): boolean {
  if (ocd.ocd?.category.toLowerCase() === 'functional') return ours === 'necessary' || ours === 'functional';
  return ours === ocd.category;
}

export interface Disagreement {
  builtIn: KnownCookie;
  ocd: KnownCookieEntry;
}

export interface Comparison {
  ocdEntries: number;
  /** OCD entries whose name the built-in database alone resolves. */
  resolvedByBuiltIn: number;
  builtInEntries: number;
  /** Built-in entries whose name OCD also knows, and the OCD entry that answers. */
  knownToOcd: Map<KnownCookieEntry, KnownCookieEntry>;
  /** By the built-in category: pairs (OCD entry resolved by a built-in entry) that agree, and that do not. */
  byCategory: Record<Category, { agree: number; disagree: number }>;
  disagreements: Disagreement[];
}

export function compareWithOcd(builtIn: readonly KnownCookieEntry[], ocd: readonly KnownCookieEntry[]): Comparison {
  const ours = new CookieMatcher([{ name: 'built-in', entries: builtIn }]);
  const theirs = new CookieMatcher([{ name: 'ocd', entries: ocd }]);
  const byCategory: Comparison['byCategory'] = {
    necessary: { agree: 0, disagree: 0 },
    functional: { agree: 0, disagree: 0 },
    analytics: { agree: 0, disagree: 0 },
    marketing: { agree: 0, disagree: 0 },
  };
  const disagreements: Disagreement[] = [];
  let resolvedByBuiltIn = 0;
  for (const entry of ocd) {
    const match = ours.best(sampleName(entry), entry.domains?.[0]);
    if (match === undefined) continue;
    resolvedByBuiltIn += 1;
    if (agreesWithOcd(match.category, entry)) byCategory[match.category].agree += 1;
    else {
      byCategory[match.category].disagree += 1;
      disagreements.push({ builtIn: match, ocd: entry });
    }
  }
  const knownToOcd = new Map<KnownCookieEntry, KnownCookieEntry>();
  for (const entry of builtIn) {
    const match = theirs.best(sampleName(entry), entry.domains?.[0]);
    if (match !== undefined) knownToOcd.set(entry, match);
  }
  return { ocdEntries: ocd.length, resolvedByBuiltIn, builtInEntries: builtIn.length, knownToOcd, byCategory, disagreements };
}

export interface Settlement {
  /** Built-in entries in disagreement whose category was kept, with a reason. */
  kept: number;
  /** Built-in entries marked as depending on the site's use. */
  useDependent: number;
  /** Built-in entries corrected to agree (they no longer disagree). */
  corrected: number;
  /** Built-in entries in disagreement with nothing settled in the data: a test fails on any. */
  unsettled: KnownCookieEntry[];
}

/** How the disagreements are settled in the built-in data (categorySettled on each entry). */
export function settlement(builtIn: readonly KnownCookieEntry[], comparison: Comparison): Settlement {
  const disagreeing = new Set(comparison.disagreements.map((d) => JSON.stringify([d.builtIn.pattern, d.builtIn.match, d.builtIn.vendor, d.builtIn.domains ?? []])));
  const key = (e: KnownCookieEntry) => JSON.stringify([e.pattern, e.match, e.vendor, e.domains ?? []]);
  const inDisagreement = builtIn.filter((e) => disagreeing.has(key(e)));
  return {
    kept: inDisagreement.filter((e) => e.categorySettled === 'kept').length,
    useDependent: inDisagreement.filter((e) => e.categorySettled === 'use-dependent').length,
    corrected: builtIn.filter((e) => e.categorySettled === 'corrected').length,
    unsettled: inDisagreement.filter((e) => e.categorySettled !== 'kept' && e.categorySettled !== 'use-dependent'),
  };
}

const percent = (part: number, whole: number): string => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)} %`);

/** The figures `npm run db:check` prints: coverage and agreement of the built-in database and OCD. */
export function agreementText(builtIn: readonly KnownCookieEntry[], ocd: { entries: readonly KnownCookieEntry[]; label: string } | undefined): string {
  const sourcedByOcd = builtIn.filter((e) => e.ocd !== undefined).length;
  const checked = builtIn.filter((e) => e.ocd === undefined && e.referenceChecked !== undefined).length;
  const lines = [
    `Built-in database: ${builtIn.length} entries; sourced by an Open Cookie Database entry ${sourcedByOcd}, by a checked vendor page ${checked}, unsourced ${builtIn.length - sourcedByOcd - checked}.`,
  ];
  if (ocd === undefined) {
    lines.push('No Open Cookie Database to compare with: install it with `cookie-audit db update`, or give its CSV: npm run db:check -- <open-cookie-database.csv>.');
    return `${lines.join('\n')}\n`;
  }
  const c = compareWithOcd(builtIn, ocd.entries);
  const s = settlement(builtIn, c);
  const agree = Object.values(c.byCategory).reduce((n, v) => n + v.agree, 0);
  lines.push(
    `Open Cookie Database: ${c.ocdEntries} entries (${ocd.label}).`,
    `Coverage of OCD's cookie names: built-in alone ${c.resolvedByBuiltIn} (${percent(c.resolvedByBuiltIn, c.ocdEntries)}); with OCD installed ${c.ocdEntries} (100.0 %).`,
    `Built-in entries whose name OCD knows: ${c.knownToOcd.size} of ${c.builtInEntries} (${percent(c.knownToOcd.size, c.builtInEntries)}).`,
    `Agreement where both know a cookie (OCD's "Functional" may be necessary or functional): ${agree} of ${c.resolvedByBuiltIn} (${percent(agree, c.resolvedByBuiltIn)}); ${c.disagreements.length} disagree.`,
    'By built-in category:',
  );
  for (const [category, v] of Object.entries(c.byCategory)) lines.push(`  ${category.padEnd(10)} ${String(v.agree).padStart(4)} agree, ${String(v.disagree).padStart(3)} disagree`);
  lines.push(
    `Disagreements settled in the data: ${s.kept} entries keep ours with a reason, ${s.useDependent} depend on the site's use; ${s.corrected} entries were corrected to agree; unsettled: ${s.unsettled.length}.`,
  );
  for (const e of s.unsettled.slice(0, 20)) lines.push(`  unsettled: ${e.pattern} (${e.vendor}, ${e.category})`);
  return `${lines.join('\n')}\n`;
}
