/**
 * Words for report items shared by the formats written for people (Markdown, HTML, SARIF messages,
 * annotations). Plain text: each format escapes the result at its own boundary.
 */
import type { FindingItem, Severity } from '../audit/types.js';
import type { DeclarationRef } from '../policy/types.js';
import type { ReportSummary } from './types.js';

/** "cookie _ga (.demo-shop.test)", "localStorage ab_test_bucket (https://demo-shop.test)". */
export function itemLabel(item: FindingItem): string {
  const kind = item.type === 'storage' ? (item.storageType ?? 'storage') : item.type;
  return item.domain === undefined ? `${kind} ${item.name}` : `${kind} ${item.name} (${item.domain})`;
}

export function declarationName(ref: DeclarationRef): string {
  return ref.kind === 'storage' ? ref.key : ref.name;
}

/** "declared analytics at policy.yaml:12" or "declared analytics as cookie #3". */
export function declarationLabel(ref: DeclarationRef): string {
  const where = ref.location ? `at ${ref.location.file}:${ref.location.line}` : `as ${ref.kind} #${ref.index}`;
  return `declared ${ref.category} ${where}`;
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "5 errors, 2 warnings, 1 info"; "no findings" when there are none. */
export function severityCounts(bySeverity: Record<Severity, number>): string {
  const parts = [
    bySeverity.error > 0 ? plural(bySeverity.error, 'error', 'errors') : '',
    bySeverity.warning > 0 ? plural(bySeverity.warning, 'warning', 'warnings') : '',
    bySeverity.info > 0 ? `${bySeverity.info} info` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

/** One line saying whether the run passed and why, the same in every format for people. */
export function verdict(summary: ReportSummary): string {
  const counts = severityCounts(summary.bySeverity);
  const baseline = summary.baseline
    ? ` (baseline: ${summary.baseline.new} new, ${summary.baseline.known} known, ${summary.baseline.fixed} fixed)`
    : '';
  if (summary.exitCode === 3) {
    // Read loosely: reports from runs before the audit recorded why it was incomplete have no list.
    const reasons = (summary as { incomplete?: unknown }).incomplete;
    const why =
      summary.unreachableSites > 0
        ? `${summary.unreachableSites} of ${plural(summary.sites, 'site', 'sites')} unreachable`
        : Array.isArray(reasons) && reasons.length > 0
          ? plural(reasons.length, 'part not audited', 'parts not audited')
          : 'the audit is incomplete';
    return `Incomplete: ${why}; ${counts}${baseline}`;
  }
  if (summary.exitCode === 1) {
    const what = summary.baseline ? 'new findings' : 'findings';
    return `Failed: ${counts}${baseline}; ${what} at or above ${summary.failOn} fail the run`;
  }
  if (summary.failOn === 'never') return `Passed: ${counts}${baseline}; not failing (--fail-on never)`;
  const what = summary.baseline ? 'no new finding' : 'no finding';
  return `Passed: ${what} at or above ${summary.failOn}; ${counts}${baseline}`;
}

/** Seconds as a person says a cookie lifetime: "session", "45 min", "24 h", "30 days", "1 year". */
export function lifetimeText(seconds: number | null | undefined): string {
  if (seconds === undefined) return '';
  if (seconds === null) return 'session';
  if (seconds < 3600) return `${Math.max(0, Math.round(seconds / 60))} min`;
  if (seconds < 2 * 86400) return `${Math.round(seconds / 3600)} h`;
  const days = Math.round(seconds / 86400);
  if (days >= 365 && days % 365 <= 1) return plural(Math.round(days / 365), 'year', 'years');
  return plural(days, 'day', 'days');
}
