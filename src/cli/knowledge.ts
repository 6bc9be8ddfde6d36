/** --trackers and --cookie-db, shared by scan, demo, init and explain: bad values become one line and exit 2. */
import { DatabaseFileError } from '../knowledge/files.js';
import { GhosteryUnavailableError } from '../knowledge/ghostery.js';
import { loadKnowledge, TRACKER_DATABASES, type TrackerDatabaseChoice } from '../knowledge/knowledge.js';
import type { Knowledge } from '../knowledge/types.js';
import { usageError } from './errors.js';

export interface RawKnowledgeOptions {
  trackers?: string;
  cookieDb?: string;
}

export function parseTrackers(text: string | undefined): TrackerDatabaseChoice {
  if (text === undefined) return 'builtin';
  const name = text.trim().toLowerCase();
  if ((TRACKER_DATABASES as readonly string[]).includes(name)) return name as TrackerDatabaseChoice;
  throw usageError(`--trackers "${text}": use builtin (the project's list, the default) or ghostery (@ghostery/trackerdb, non-commercial licence)`);
}

export async function loadCliKnowledge(raw: RawKnowledgeOptions): Promise<Knowledge> {
  const trackers = parseTrackers(raw.trackers);
  try {
    return await loadKnowledge({ trackers, ...(raw.cookieDb === undefined ? {} : { cookieDb: raw.cookieDb }) });
  } catch (error) {
    if (error instanceof DatabaseFileError || error instanceof GhosteryUnavailableError) throw usageError(error.message);
    throw error;
  }
}
