/**
 * The Open Cookie Database (github.com/jkwakman/Open-Cookie-Database) CSV, in its published layout:
 *   ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,
 *   User Privacy & GDPR Rights Portals,Wildcard match
 * turned into known-cookie entries and merged into the local database `cookie-audit db import` writes.
 */
import { parseDuration } from '../policy/duration.js';
import type { Category } from '../policy/types.js';
import { parseCsv } from './csv.js';
import { decideFunctional, type FunctionalRules } from './ocd-necessary.js';
import type { KnownCookieEntry, KnownCookieFile } from './types.js';

const COLUMNS = {
  id: 'ID',
  platform: 'Platform',
  category: 'Category',
  name: 'Cookie / Data Key name',
  domain: 'Domain',
  description: 'Description',
  retention: 'Retention period',
  controller: 'Data Controller',
  portal: 'User Privacy & GDPR Rights Portals',
  wildcard: 'Wildcard match',
} as const;
const REQUIRED: ReadonlyArray<keyof typeof COLUMNS> = ['platform', 'category', 'name', 'wildcard'];

/** Its categories in ours: security cookies are what keeps a service safe, personalisation is a preference. */
export const OCD_CATEGORIES: Readonly<Record<string, Category>> = {
  functional: 'functional',
  analytics: 'analytics',
  marketing: 'marketing',
  security: 'necessary',
  personalization: 'functional',
  personalisation: 'functional',
  necessary: 'necessary',
};

export class OpenCookieDatabaseError extends Error {
  override name = 'OpenCookieDatabaseError';
}

export interface SkippedRow {
  /** 1-based record number in the file, the header being record 1. */
  record: number;
  reason: string;
}

export interface OcdRows {
  entries: KnownCookieEntry[];
  skipped: SkippedRow[];
}

const HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * "adform.net (3rd party)" restricts the entry to adform.net; anything naming the first party
 * ("Advertiser's website domain (1st party)", "… or advertiser's website domain") leaves it
 * unrestricted, because the vendor's script sets it on whatever site embeds it.
 */
export function domainsFromCell(cell: string): string[] | undefined {
  const parts = cell.split(/\s+or\s+|,/i).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return undefined;
  const hosts: string[] = [];
  for (const part of parts) {
    const host = part.replace(/\s*\(3rd party\)$/i, '').replace(/^\./, '').toLowerCase();
    if (!HOST.test(host)) return undefined;
    hosts.push(host);
  }
  return [...new Set(hosts)].sort();
}

/** "2 years", "24 hours", "Session", "End of session (browser)", "30 minutes after last activity"; undefined when vague. */
export function lifetimeFromCell(cell: string): string | undefined {
  const text = cell.trim();
  if (text === '') return undefined;
  if (/^(?:session|end of session\b.*|until (?:the )?(?:end of (?:the )?session|browser (?:is )?closed?))$/i.test(text)) return 'session';
  const candidate = text.replace(/\s+after last activity$/i, '');
  try {
    parseDuration(candidate);
    return candidate;
  } catch {
    return undefined;
  }
}

/** "CookieConsent [x4]" → "CookieConsent"; "SR<RotatorID>" → "SR*". */
function cleanName(cell: string): string {
  return cell.replace(/\s*\[x\d+\]\s*$/i, '').replace(/<[^<>]*>/g, '*').trim();
}

/**
 * OCD's "Functional" is split by rules/ocd-necessary.json (or the rules given): the entry records the
 * decision in `categoryReason`.
 */
export function parseOpenCookieDatabase(text: string, functionalRules?: FunctionalRules): OcdRows {
  const records = parseCsv(text);
  const header = records[0];
  if (header === undefined) throw new OpenCookieDatabaseError('the file is empty; give the Open Cookie Database CSV (open-cookie-database.csv)');
  const index = new Map(header.map((name, i) => [name.trim(), i]));
  const missing = REQUIRED.filter((key) => !index.has(COLUMNS[key]));
  if (missing.length > 0) {
    throw new OpenCookieDatabaseError(
      `not an Open Cookie Database CSV: the header lacks ${missing.map((k) => JSON.stringify(COLUMNS[k])).join(', ')}; ` +
        `expected columns ${Object.values(COLUMNS).join(',')}`,
    );
  }
  const cell = (record: string[], key: keyof typeof COLUMNS): string => {
    const i = index.get(COLUMNS[key]);
    return i === undefined ? '' : (record[i] ?? '').trim();
  };

  const entries: KnownCookieEntry[] = [];
  const skipped: SkippedRow[] = [];
  records.slice(1).forEach((record, i) => {
    const number = i + 2;
    if (record.every((f) => f.trim() === '')) return;
    let category = OCD_CATEGORIES[cell(record, 'category').toLowerCase()];
    if (category === undefined) {
      skipped.push({ record: number, reason: `unknown category ${JSON.stringify(cell(record, 'category'))}` });
      return;
    }
    const name = cleanName(cell(record, 'name'));
    if (name === '' || /[\s;,=]/.test(name)) {
      skipped.push({ record: number, reason: `${JSON.stringify(cell(record, 'name'))} is not a cookie or storage name` });
      return;
    }
    const vendor = cell(record, 'platform') || cell(record, 'controller');
    if (vendor === '') {
      skipped.push({ record: number, reason: 'no platform or data controller' });
      return;
    }
    const wildcard = cell(record, 'wildcard') === '1';
    const pattern = wildcard && !name.endsWith('*') ? (name.includes('*') ? `${name}*` : name) : name;
    const match = pattern.includes('*') ? 'glob' : wildcard ? 'prefix' : 'exact';
    const purpose = cell(record, 'description').replace(/\s+/g, ' ');
    const decision = cell(record, 'category').toLowerCase() === 'functional' ? decideFunctional(name, purpose, functionalRules) : undefined;
    if (decision !== undefined) category = decision.category;
    const entry: KnownCookieEntry = { pattern, match, vendor, category };
    const lifetime = lifetimeFromCell(cell(record, 'retention'));
    if (lifetime !== undefined) entry.lifetime = lifetime;
    else if (cell(record, 'retention') !== '') entry.retention = cell(record, 'retention').replace(/\s+/g, ' ');
    if (purpose !== '') entry.purpose = purpose;
    const portal = cell(record, 'portal');
    if (/^https:\/\/\S+$/.test(portal)) entry.reference = portal;
    const domains = domainsFromCell(cell(record, 'domain'));
    if (domains !== undefined) entry.domains = domains;
    const id = cell(record, 'id');
    if (id !== '') entry.ocd = { id, category: cell(record, 'category') };
    if (decision !== undefined) entry.categoryReason = decision.reason;
    entries.push(entry);
  });
  return { entries, skipped };
}

/** Entries are the same entry when they claim the same names on the same domains. */
export function entryKey(entry: KnownCookieEntry): string {
  return JSON.stringify([entry.pattern, entry.match, [...(entry.domains ?? [])].sort()]);
}

export interface MergeResult {
  database: KnownCookieFile;
  added: number;
  updated: number;
  unchanged: number;
  /** Rows of the import that repeat an earlier row's pattern and domains (the first one is kept). */
  duplicates: number;
}

/** The local database with the imported entries merged in: same key replaces, new keys are appended. */
export function mergeEntries(existing: KnownCookieFile | undefined, imported: readonly KnownCookieEntry[]): MergeResult {
  const entries = [...(existing?.entries ?? [])];
  const position = new Map(entries.map((e, i) => [entryKey(e), i]));
  const seenInImport = new Set<string>();
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  let duplicates = 0;
  for (const entry of imported) {
    const key = entryKey(entry);
    if (seenInImport.has(key)) {
      duplicates += 1;
      continue;
    }
    seenInImport.add(key);
    const at = position.get(key);
    if (at === undefined) {
      position.set(key, entries.length);
      entries.push(entry);
      added += 1;
    } else if (JSON.stringify(entries[at]) === JSON.stringify(entry)) {
      unchanged += 1;
    } else {
      entries[at] = entry;
      updated += 1;
    }
  }
  return {
    database: {
      version: 1,
      $comment: 'Local known-cookie database of cookie-audit, written by `cookie-audit db import`. Built-in entries take precedence over equally specific ones here.',
      entries,
    },
    added,
    updated,
    unchanged,
    duplicates,
  };
}
