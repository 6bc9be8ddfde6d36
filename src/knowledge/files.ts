/**
 * The database files: the built-in ones in rules/ (known-cookies.json, trackers.json) and the local
 * known-cookie database `cookie-audit db import` writes. Which local file is used:
 *   1. `--cookie-db <file>` (must exist when read),
 *   2. else $COOKIE_AUDIT_DB (an empty value means: no local database),
 *   3. else ~/.cookie-audit/cookies.json,
 * and 2 and 3 are simply skipped when the file does not exist yet.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { rulesDir } from '../package-info.js';
import { CATEGORIES, type Category } from '../policy/types.js';
import type { TrackerEntry, TrackerFile } from './trackers.js';
import type { DatabaseSource, KnownCookieEntry, KnownCookieFile, PatternMatch } from './types.js';

export const BUILT_IN_COOKIES_FILE = join(rulesDir, 'known-cookies.json');
export const BUILT_IN_TRACKERS_FILE = join(rulesDir, 'trackers.json');

/** A database file that cannot be used; the message names the file and the fix. */
export class DatabaseFileError extends Error {
  override name = 'DatabaseFileError';
}

export interface LocalDatabaseChoice {
  /** The file, or undefined when no local database applies. */
  path: string | undefined;
  /** True when the user named it with --cookie-db: then it must exist to be read. */
  explicit: boolean;
}

export function localDatabasePath(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): LocalDatabaseChoice {
  if (flag !== undefined) return { path: flag, explicit: true };
  const fromEnv = env['COOKIE_AUDIT_DB'];
  if (fromEnv !== undefined) return { path: fromEnv === '' ? undefined : fromEnv, explicit: false };
  return { path: join(home, '.cookie-audit', 'cookies.json'), explicit: false };
}

function readJson(file: string, what: string): unknown | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DatabaseFileError(`${file}: cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? 'error'}); check its permissions`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new DatabaseFileError(`${file}: the ${what} is not valid JSON (${(error as Error).message}); fix it or delete it and run cookie-audit db import again`);
  }
}

const MATCHES: readonly PatternMatch[] = ['exact', 'prefix', 'glob'];
const isCategory = (value: unknown): value is Category => typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

/**
 * Shape check of a known-cookie file. The built-in file is held to its full JSON Schema by a test;
 * local files (often imported from other sources) only need what matching needs.
 */
export function parseKnownCookieFile(json: unknown, file: string): KnownCookieFile {
  const fail = (where: string, what: string): never => {
    throw new DatabaseFileError(`${file}: ${where} ${what}; fix the file or re-create it with cookie-audit db import`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return fail('the file', 'must be a JSON object { "version": 1, "entries": [...] }');
  const { version, entries, source } = json as Record<string, unknown>;
  if (version !== 1) fail('"version"', 'must be 1');
  if (!Array.isArray(entries)) return fail('"entries"', 'must be an array');
  const parsed = entries.map((raw: unknown, i): KnownCookieEntry => {
    const where = `entries[${i}]`;
    if (typeof raw !== 'object' || raw === null) return fail(where, 'must be an object');
    const e = raw as Record<string, unknown>;
    if (typeof e['pattern'] !== 'string' || e['pattern'] === '') fail(`${where}.pattern`, 'must be a non-empty string');
    if (!MATCHES.includes(e['match'] as PatternMatch)) fail(`${where}.match`, `must be one of ${MATCHES.join(', ')}`);
    if (typeof e['vendor'] !== 'string' || e['vendor'] === '') fail(`${where}.vendor`, 'must be a non-empty string');
    if (!isCategory(e['category'])) fail(`${where}.category`, `must be one of ${CATEGORIES.join(', ')}`);
    for (const key of ['lifetime', 'retention', 'purpose', 'reference', 'categoryReason'] as const) {
      if (!optionalString(e[key])) fail(`${where}.${key}`, 'must be a string');
    }
    const domains = e['domains'];
    if (domains !== undefined && !(Array.isArray(domains) && domains.length > 0 && domains.every((d) => typeof d === 'string' && d !== ''))) {
      fail(`${where}.domains`, 'must be a non-empty array of host names');
    }
    return e as unknown as KnownCookieEntry;
  });
  return { version: 1, ...(isSource(source) ? { source } : {}), entries: parsed };
}

function isSource(value: unknown): value is DatabaseSource {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return typeof s['name'] === 'string' && typeof s['url'] === 'string' && typeof s['retrieved'] === 'string' && typeof s['licence'] === 'string';
}

export function parseTrackerFile(json: unknown, file: string): TrackerFile {
  const entries = (json as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) throw new DatabaseFileError(`${file}: "entries" must be an array`);
  entries.forEach((raw: unknown, i) => {
    const e = (raw ?? {}) as Record<string, unknown>;
    if (typeof e['domain'] !== 'string' || typeof e['organisation'] !== 'string' || !isCategory(e['category'])) {
      throw new DatabaseFileError(`${file}: entries[${i}] needs a domain, an organisation and a category`);
    }
  });
  return { version: 1, entries: entries as TrackerEntry[] };
}

let builtInCookies: KnownCookieFile | undefined;
let builtInTrackers: TrackerFile | undefined;

/** rules/known-cookies.json, read once per process. */
export function readBuiltInCookies(): KnownCookieFile {
  if (builtInCookies === undefined) {
    const json = readJson(BUILT_IN_COOKIES_FILE, 'built-in cookie database');
    if (json === undefined) throw new DatabaseFileError(`${BUILT_IN_COOKIES_FILE}: the built-in cookie database is missing; reinstall cookie-audit`);
    builtInCookies = parseKnownCookieFile(json, BUILT_IN_COOKIES_FILE);
  }
  return builtInCookies;
}

/** rules/trackers.json, read once per process. */
export function readBuiltInTrackers(): TrackerFile {
  if (builtInTrackers === undefined) {
    const json = readJson(BUILT_IN_TRACKERS_FILE, 'built-in tracker list');
    if (json === undefined) throw new DatabaseFileError(`${BUILT_IN_TRACKERS_FILE}: the built-in tracker list is missing; reinstall cookie-audit`);
    builtInTrackers = parseTrackerFile(json, BUILT_IN_TRACKERS_FILE);
  }
  return builtInTrackers;
}

/** The local database, or undefined when none applies (or it does not exist and was not asked for by name). */
export function readLocalDatabase(choice: LocalDatabaseChoice): KnownCookieFile | undefined {
  if (choice.path === undefined) return undefined;
  const json = readJson(choice.path, 'local cookie database');
  if (json === undefined) {
    if (choice.explicit) {
      throw new DatabaseFileError(`--cookie-db ${choice.path}: no such file; create it with cookie-audit db import <open-cookie-database.csv> --cookie-db ${choice.path}`);
    }
    return undefined;
  }
  return parseKnownCookieFile(json, choice.path);
}

/** Writes the local database atomically (temporary file, then rename), creating its folder. */
export function writeLocalDatabase(path: string, db: KnownCookieFile): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(db, null, 2)}\n`);
    renameSync(temp, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new DatabaseFileError(`${path}: cannot write the local cookie database (${code}); choose a writable path with --cookie-db <file>`);
  }
}
