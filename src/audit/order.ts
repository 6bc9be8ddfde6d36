/**
 * The one order findings are reported in, so the same evidence always gives byte-identical output:
 * site, phase (pre, reject, accept, gpc, then findings without a phase), severity (error first),
 * rule id, item type, name, domain, page, and finally the remaining fields as tie-breakers.
 * Strings compare by code unit, not by locale, so the order does not depend on the machine.
 */
import { PHASES } from '../evidence/types.js';
import type { Phase } from '../evidence/types.js';
import { SEVERITIES } from './types.js';
import type { Finding } from './types.js';

/** Code-unit comparison; an absent value sorts before any present one (including ''). */
export function compareStrings(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

export function phaseRank(phase: Phase | undefined): number {
  return phase === undefined ? PHASES.length : PHASES.indexOf(phase);
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.site, b.site) ||
    phaseRank(a.phase) - phaseRank(b.phase) ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.item.type, b.item.type) ||
    compareStrings(a.item.name, b.item.name) ||
    compareStrings(a.item.domain, b.item.domain) ||
    compareStrings(a.page, b.page) ||
    compareStrings(a.item.storageType, b.item.storageType) ||
    compareStrings(a.message, b.message) ||
    // Last resort, so even findings differing only in evidence have one order.
    compareStrings(JSON.stringify(a), JSON.stringify(b))
  );
}

/** A sorted copy; the input is left as it was. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}
