/** What a scan reports while it runs, for progress displays. Plain data; the CLI decides how to show it. */
import type { Phase, PhaseEvidence, SiteEvidence } from '../evidence/types.js';

/** Counts of one phase so far; pagesTotal grows while the discovering phase finds links. */
export interface PhaseCounts {
  pagesDone: number;
  pagesTotal: number;
  cookies: number;
}

export type ScanEvent =
  /** Once, before the first site: how many sites this scan (or shard) will visit. */
  | { type: 'scan-start'; sites: number }
  | { type: 'site-start'; site: string }
  | ({ type: 'phase-progress'; site: string; phase: Phase } & PhaseCounts)
  | { type: 'phase-done'; site: string; phase: PhaseEvidence }
  | { type: 'site-done'; site: string; evidence: SiteEvidence };
