/**
 * Assembling Knowledge: the known-cookie databases (built-in first, then the local one) and one
 * tracker database (the built-in list, or Ghostery's when asked for).
 */
import { CookieMatcher } from './cookies.js';
import { localDatabasePath, readBuiltInCookies, readBuiltInTrackers, readLocalDatabase } from './files.js';
import { GHOSTERY, loadGhostery } from './ghostery.js';
import { BUILT_IN_TRACKERS, TrackerList, type TrackerEntry } from './trackers.js';
import type { DatabaseSource, KnownCookie, KnownCookieEntry, Knowledge, TrackerDatabaseInfo, TrackerInfo } from './types.js';

export type TrackerDatabaseChoice = 'builtin' | 'ghostery';
export const TRACKER_DATABASES: readonly TrackerDatabaseChoice[] = ['builtin', 'ghostery'];

/** Knowledge from in-memory lists: what tests and the loaders build on. */
export function knowledgeFrom(parts: {
  cookies?: ReadonlyArray<{ name: string; entries: readonly KnownCookieEntry[]; source?: DatabaseSource }>;
  trackers?: readonly TrackerEntry[];
  trackerLookup?: (host: string) => TrackerInfo | undefined;
  trackerDatabase?: TrackerDatabaseInfo;
}): Knowledge {
  const databases = parts.cookies ?? [];
  const matcher = new CookieMatcher(databases);
  const list = new TrackerList(parts.trackers ?? []);
  const tracker = parts.trackerLookup ?? ((host: string) => list.lookup(host));
  // Classification and several rules ask about the same cookie in every phase: answer each once.
  const answers = new Map<string, KnownCookie | undefined>();
  return {
    cookie: (name, domain) => {
      const key = `${name}\u0000${domain ?? ''}`;
      if (!answers.has(key)) answers.set(key, matcher.best(name, domain));
      return answers.get(key);
    },
    cookieCandidates: (name, domain) => matcher.candidates(name, domain),
    tracker,
    cookieDatabases: databases.map((db) => ({ name: db.name, entries: db.entries.length, ...(db.source === undefined ? {} : { source: db.source }) })),
    trackerDatabase: parts.trackerDatabase ?? { ...BUILT_IN_TRACKERS },
  };
}

/** Knows nothing: every cookie is unknown, no host is a tracker. The default where none is passed. */
export const NO_KNOWLEDGE: Knowledge = knowledgeFrom({});

export interface LoadKnowledgeOptions {
  /** --cookie-db; see files.ts for the fallbacks. */
  cookieDb?: string;
  trackers?: TrackerDatabaseChoice;
  env?: NodeJS.ProcessEnv;
}

/**
 * Reads the databases. Throws DatabaseFileError for an unusable file and GhosteryUnavailableError
 * when --trackers ghostery is asked for without the optional package.
 */
export async function loadKnowledge(options: LoadKnowledgeOptions = {}): Promise<Knowledge> {
  const cookies: Array<{ name: string; entries: readonly KnownCookieEntry[]; source?: DatabaseSource }> = [{ name: 'built-in', entries: readBuiltInCookies().entries }];
  const localChoice = localDatabasePath(options.cookieDb, options.env ?? process.env);
  const local = readLocalDatabase(localChoice);
  if (local !== undefined && localChoice.path !== undefined) {
    cookies.push({ name: localChoice.path, entries: local.entries, ...(local.source === undefined ? {} : { source: local.source }) });
  }

  if (options.trackers === 'ghostery') {
    const ghostery = await loadGhostery();
    return knowledgeFrom({ cookies, trackerLookup: (host) => ghostery.lookup(host), trackerDatabase: { ...GHOSTERY } });
  }
  return knowledgeFrom({ cookies, trackers: readBuiltInTrackers().entries });
}
