/**
 * Observations across the phases of one site, in phase order (pre, reject, accept, gpc).
 * Each phase runs in a fresh browser context, so the same cookie usually shows up in several
 * phases; rules about the cookie itself (not about consent) report it once, at the first phase
 * where the problem shows, instead of once per phase.
 */
import { PHASES } from '../evidence/types.js';
import type { CookieObservation, Phase, PhaseEvidence, SiteEvidence, StorageObservation } from '../evidence/types.js';

export interface CookieSighting {
  phase: Phase;
  cookie: CookieObservation;
}

export interface StorageSighting {
  phase: Phase;
  entry: StorageObservation;
}

/** Phases whose evidence can be trusted, in phase order: skipped and failed phases observed nothing. */
export function completedPhases(site: SiteEvidence): PhaseEvidence[] {
  return PHASES.flatMap((phase) => site.phases.filter((p) => p.phase === phase && p.status === 'completed'));
}

/** The completed evidence of one phase, if that phase completed. */
export function completedPhase(site: SiteEvidence, phase: Phase): PhaseEvidence | undefined {
  return completedPhases(site).find((p) => p.phase === phase);
}

export function cookieSightings(site: SiteEvidence): CookieSighting[] {
  return completedPhases(site).flatMap((p) => p.cookies.map((cookie) => ({ phase: p.phase, cookie })));
}

export function storageSightings(site: SiteEvidence): StorageSighting[] {
  return completedPhases(site).flatMap((p) => p.storage.map((entry) => ({ phase: p.phase, entry })));
}

/** A cookie's identity as browsers see it: two cookies differ if name, domain or path differ. */
export function cookieKey(cookie: CookieObservation): string {
  return JSON.stringify([cookie.name, cookie.domain, cookie.path]);
}

export function storageKey(entry: StorageObservation): string {
  return JSON.stringify([entry.type, entry.origin, entry.key]);
}

/** The first item per key, keeping order: given sightings in phase order, the first phase wins. */
export function firstOfEach<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  const seen = new Set<string>();
  const result: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    result.push(item);
  }
  return result;
}
