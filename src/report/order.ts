/**
 * The one ordering every report section uses, so report.json, the console and JUnit list
 * findings the same way and the same evidence always gives byte-identical output.
 */
import type { Severity } from '../audit/types.js';

/** Most severe first: the order people read findings in. */
const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** True when `severity` is at or above `failOn` (error > warning > info); 'never' is never reached. */
export function reachesThreshold(severity: Severity, failOn: Severity | 'never'): boolean {
  return failOn !== 'never' && SEVERITY_RANK[severity] <= SEVERITY_RANK[failOn];
}

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

/** Phase rank and code-unit text comparison come from the audit stage, so there is one definition of each. */
export { compareStrings as compareText, phaseRank } from '../audit/order.js';

/** Findings are ordered by the audit stage's comparator: one order for report.json, the console and JUnit. */
export { compareFindings } from '../audit/order.js';
