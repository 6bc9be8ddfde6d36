/**
 * The one ordering every report section uses, so report.json, the console and JUnit list
 * findings the same way and the same evidence always gives byte-identical output.
 */
import type { Finding, Severity } from '../audit/types.js';
import { PHASES, type Phase } from '../evidence/types.js';

/** Most severe first: the order people read findings in. */
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** True when `severity` is at or above `failOn` (error > warning > info); 'never' is never reached. */
export function reachesThreshold(severity: Severity, failOn: Severity | 'never'): boolean {
  return failOn !== 'never' && SEVERITY_RANK[severity] <= SEVERITY_RANK[failOn];
}

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

/** Consent order (pre, reject, accept, gpc); manifest-level findings (no phase) come last. */
export function phaseRank(phase: Phase | undefined): number {
  return phase === undefined ? PHASES.length : PHASES.indexOf(phase);
}

/**
 * Code-unit comparison, not localeCompare: the order must not depend on the machine's locale.
 * Absent sorts before present so optional fields have a stable place.
 */
export function compareText(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** (site, phase, severity, ruleId, item), then the remaining fields so no two distinct findings tie. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.site, b.site) ||
    phaseRank(a.phase) - phaseRank(b.phase) ||
    compareSeverity(a.severity, b.severity) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.item.type, b.item.type) ||
    compareText(a.item.name, b.item.name) ||
    compareText(a.item.domain, b.item.domain) ||
    compareText(a.item.storageType, b.item.storageType) ||
    compareText(a.page, b.page) ||
    compareText(a.message, b.message)
  );
}
