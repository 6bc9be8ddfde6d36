/**
 * The knowledge stage: what public databases say about cookie names and third-party hosts.
 * Produced by the loaders in this folder, read by classification (classify.ts), the audit rules
 * (through AuditContext.knowledge) and the `explain` / `init` commands.
 */
import type { Category } from '../policy/types.js';

/** How a known-cookie pattern is compared with a name (see rules/known-cookies.schema.json). */
export type PatternMatch = 'exact' | 'prefix' | 'glob';

/** One entry of a known-cookie database file, as written in it. */
export interface KnownCookieEntry {
  pattern: string;
  match: PatternMatch;
  vendor: string;
  category: Category;
  /** "session" or a duration in the manifest's grammar. */
  lifetime?: string;
  /** An imported entry's retention in its source's words, when they are not a duration ("Varies", "Unknown"). */
  retention?: string;
  /** Always present in the built-in database; imported databases may lack it. */
  purpose?: string;
  reference?: string;
  /** Only cookies whose domain is within one of these hosts match the entry. */
  domains?: string[];
  /** The Open Cookie Database row the entry is (or, built in, agrees with) and the category OCD gives it. */
  ocd?: { id: string; category: string };
  /** Why the entry has its category when that is a judgement: an OCD "Functional" split, or a settled disagreement. */
  categoryReason?: string;
  /** Built in: how a disagreement with OCD's category was settled (see rules/known-cookies.schema.json). */
  categorySettled?: 'kept' | 'corrected' | 'use-dependent';
  /** Built in: year and month the vendor reference was checked (entries OCD does not source). */
  referenceChecked?: string;
}

/** Where a database file came from, as `db update` records it. */
export interface DatabaseSource {
  name: string;
  /** The URL or file it was read from. */
  url: string;
  version?: { commit?: string; etag?: string; lastModified?: string };
  /** ISO 8601 time of the download. */
  retrieved: string;
  licence: string;
}

/** A known-cookie database file: rules/known-cookies.json, or the local file `db import` writes. */
export interface KnownCookieFile {
  version: 1;
  $comment?: string;
  /** Set by `db update`: where the entries came from. */
  source?: DatabaseSource;
  entries: KnownCookieEntry[];
}

/** Which database an answer came from: the one shipped in rules/, or a local file (its path). */
export interface DatabaseName {
  /** 'built-in', or the local database file's path. */
  name: string;
  entries: number;
  /** Where a local database came from, when `db update` installed it. */
  source?: DatabaseSource;
}

/** A known-cookie entry that matched a name, and which database it is from. */
export interface KnownCookie extends KnownCookieEntry {
  /** 'built-in' or the local database file. */
  database: string;
}

/** What a tracker database says about a host. */
export interface TrackerInfo {
  /** The database entry that matched (a registrable domain or a host). */
  domain: string;
  organisation: string;
  category: Category;
  vendor?: string;
  /** Which tracker database: 'cookie-audit' (rules/trackers.json) or 'ghostery'. */
  source: string;
}

/** The tracker database in use, as report.json states it (options.trackerDatabase). */
export interface TrackerDatabaseInfo {
  name: string;
  licence: string;
}

/** Where a cookie's or storage entry's category came from, strongest first. */
export type CategorySource = 'manifest' | 'database' | 'tracker-list' | 'unknown';

/**
 * Everything the databases know, as pure lookups: rules and classification take this as a value,
 * so they are tested with hand-built knowledge (knowledgeFrom) and no files.
 */
export interface Knowledge {
  /** The best known-cookie entry for a cookie name (or storage key) set on `domain` (any domain when omitted). */
  cookie(name: string, domain?: string): KnownCookie | undefined;
  /** Every entry that matches, best first (for `explain`). */
  cookieCandidates(name: string, domain?: string): KnownCookie[];
  /** The tracker entry for a host: the host itself, else its parents up to the registrable domain. */
  tracker(host: string): TrackerInfo | undefined;
  /** Which databases answered: known-cookie databases, and the tracker database with its licence. */
  cookieDatabases: DatabaseName[];
  trackerDatabase: TrackerDatabaseInfo;
}
