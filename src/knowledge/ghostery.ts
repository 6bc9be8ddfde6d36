/**
 * `--trackers ghostery`: Ghostery's tracker database (@ghostery/trackerdb) instead of the project's
 * list. It is an optional dependency under CC-BY-NC-SA-4.0 (non-commercial), so it is imported only
 * when asked for, and its licence travels with every report that used it. The package ships its
 * compiled engine file, so it works offline.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Category } from '../policy/types.js';
import type { TrackerDatabaseInfo, TrackerInfo } from './types.js';

export const GHOSTERY_PACKAGE = '@ghostery/trackerdb';
export const GHOSTERY: TrackerDatabaseInfo = { name: 'ghostery', licence: 'CC-BY-NC-SA-4.0' };

/** Thrown when the optional package is missing or unusable; the CLI turns it into one line. */
export class GhosteryUnavailableError extends Error {
  override name = 'GhosteryUnavailableError';
}

/**
 * Ghostery's categories in ours. Consent platforms, tag managers, CDNs, players and chat widgets are
 * functional; social-media plugins and pixels are marketing, as are both kinds of advertising.
 * "misc" are trackers Ghostery has not classified: treated as analytics, so they still need consent.
 */
export const GHOSTERY_CATEGORIES: Readonly<Record<string, Category>> = {
  advertising: 'marketing',
  pornvertising: 'marketing',
  social_media: 'marketing',
  site_analytics: 'analytics',
  misc: 'analytics',
  audio_video_player: 'functional',
  consent: 'functional',
  customer_interaction: 'functional',
  hosting: 'functional',
  utilities: 'functional',
  cdn: 'functional',
  extensions: 'functional',
};

/** The part of a trackerdb match we read. */
interface GhosteryMatch {
  pattern?: { key?: string; name?: string; category?: string; domains?: string[] };
  organization?: { name?: string } | null;
  category?: { key?: string };
}

interface GhosteryDb {
  matchDomain(domain: string): GhosteryMatch[];
}

export interface GhosteryLookup {
  lookup(host: string): TrackerInfo | undefined;
}

/** The match for a host, as our TrackerInfo; undefined when Ghostery does not know the host. */
export function fromGhosteryMatches(host: string, matches: readonly GhosteryMatch[]): TrackerInfo | undefined {
  for (const match of matches) {
    const key = match.category?.key ?? match.pattern?.category;
    const category = key === undefined ? undefined : GHOSTERY_CATEGORIES[key];
    const vendor = match.pattern?.name;
    const organisation = match.organization?.name ?? vendor;
    if (category === undefined || organisation === undefined) continue;
    const domain = match.pattern?.domains?.find((d) => host === d || host.endsWith(`.${d}`)) ?? host;
    return {
      domain,
      organisation,
      category,
      ...(vendor === undefined || vendor === organisation ? {} : { vendor }),
      source: GHOSTERY.name,
    };
  }
  return undefined;
}

/** Loads the optional package; throws GhosteryUnavailableError naming the install command when it is missing. */
export async function loadGhostery(specifier: string = GHOSTERY_PACKAGE): Promise<GhosteryLookup> {
  // A variable specifier: the build must not need the optional package, and it loads only here.
  let mod: { default: (engine: Uint8Array) => Promise<GhosteryDb> };
  let enginePath: string;
  try {
    mod = (await import(specifier)) as typeof mod;
    // The engine file sits next to the package's dist/cjs and dist/mjs folders.
    enginePath = join(dirname(createRequire(import.meta.url).resolve(specifier)), '..', 'trackerdb.engine');
  } catch {
    throw new GhosteryUnavailableError(
      `--trackers ghostery needs the optional package ${GHOSTERY_PACKAGE} (licence CC-BY-NC-SA-4.0, non-commercial use); install it with: npm install ${GHOSTERY_PACKAGE}`,
    );
  }
  let db: GhosteryDb;
  try {
    db = await mod.default(await readFile(enginePath));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GhosteryUnavailableError(
      `${GHOSTERY_PACKAGE} is installed but its database could not be loaded (${reason.split('\n')[0]}); reinstall it with: npm install ${GHOSTERY_PACKAGE}`,
    );
  }
  const cache = new Map<string, TrackerInfo | undefined>();
  return {
    lookup(host: string): TrackerInfo | undefined {
      const h = host.toLowerCase().replace(/^\.+/, '');
      if (!cache.has(h)) cache.set(h, fromGhosteryMatches(h, db.matchDomain(h)));
      return cache.get(h);
    },
  };
}
