/**
 * Baselines: which findings a previous report.json already had. A pipeline adopting cookie-audit on a
 * site with known problems fails only on what is new, and sees what got fixed.
 *
 * Findings are matched by a fingerprint of what they are about — site origin, rule, phase and the item
 * (type, name, domain or origin, storage type) — never by message or page, which change with wording
 * and crawl order without the problem changing.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../audit/types.js';
import type { Phase } from '../evidence/types.js';
import type { ReportFinding, SiteReport } from './types.js';

/** The origin of a site's start URL; a value that is not a URL stands for itself. */
export function siteOrigin(site: string): string {
  try {
    return new URL(site).origin;
  } catch {
    return site;
  }
}

/** The identity of a finding across runs, as readable text (a JSON array). */
export function findingKey(finding: Finding): string {
  const { item } = finding;
  return JSON.stringify([
    siteOrigin(finding.site),
    finding.ruleId,
    finding.phase ?? null,
    item.type,
    item.name,
    item.domain ?? null,
    item.storageType ?? null,
  ]);
}

/** The same identity as a short hash, for SARIF's partialFingerprints and other places that want a token. */
export function findingFingerprint(finding: Finding): string {
  return createHash('sha256').update(findingKey(finding)).digest('hex').slice(0, 32);
}

export interface BaselineResult {
  /** This run's findings, each marked 'new' or 'known', in the order given. */
  findings: ReportFinding[];
  /** Baseline findings not seen again, among the sites and phases this run covered. */
  fixed: Finding[];
}

/**
 * Marks each finding as known or new. Matching counts occurrences, so a baseline with one copy of a
 * finding makes only one of two identical new findings known.
 *
 * A baseline finding counts as fixed only where this run could have seen it again: its site was scanned
 * and reachable, and its phase completed (findings without a phase, about the manifest, need only the
 * site). A run with fewer phases or sites than the baseline therefore fixes nothing it did not look at.
 */
/** What a baseline comparison reads of a site: which of its phases completed. A SiteReport is one. */
export interface Coverage {
  evidence: { url: string; status: SiteReport['evidence']['status']; phases: ReadonlyArray<{ phase: Phase; status: string }> };
}

export function compareWithBaseline(findings: readonly Finding[], baseline: readonly Finding[], sites: readonly Coverage[]): BaselineResult {
  const remaining = new Map<string, number>();
  for (const finding of baseline) {
    const key = findingKey(finding);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const marked = findings.map((finding): ReportFinding => {
    const key = findingKey(finding);
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    return { ...withoutStatus(finding), baseline: left > 0 ? 'known' : 'new' };
  });

  const covered = coverage(sites);
  const fixed: Finding[] = [];
  for (const finding of baseline) {
    const key = findingKey(finding);
    const left = remaining.get(key) ?? 0;
    if (left === 0) continue;
    if (!covered(finding)) continue;
    remaining.set(key, left - 1);
    fixed.push(withoutStatus(finding));
  }
  return { findings: marked, fixed };
}

function coverage(sites: readonly Coverage[]): (finding: Finding) => boolean {
  const completed = new Map<string, Set<Phase | undefined>>();
  for (const site of sites) {
    if (site.evidence.status !== 'ok') continue;
    const phases = completed.get(siteOrigin(site.evidence.url)) ?? new Set<Phase | undefined>([undefined]);
    for (const phase of site.evidence.phases) if (phase.status === 'completed') phases.add(phase.phase);
    completed.set(siteOrigin(site.evidence.url), phases);
  }
  return (finding) => completed.get(siteOrigin(finding.site))?.has(finding.phase) ?? false;
}

/** A finding as the audit made it: a baseline report's own statuses mean nothing for this run. */
function withoutStatus(finding: Finding | ReportFinding): Finding {
  if (!('baseline' in finding)) return finding;
  const { baseline: _status, ...rest } = finding;
  return rest;
}

/** A baseline that cannot be used: the CLI shows the message and exits with the usage code. */
export class BaselineError extends Error {
  override name = 'BaselineError';
}

/**
 * The findings of a baseline report.json. Only what matching needs is checked, so a report written by
 * an older or newer cookie-audit still works as a baseline.
 */
/** `label` names the input in messages, e.g. "--baseline old/report.json". */
export function parseBaseline(text: string, label: string): Finding[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`${label}: not JSON (${(error as Error).message}); give a report.json written by cookie-audit scan`);
  }
  const findings = typeof data === 'object' && data !== null ? (data as { findings?: unknown }).findings : undefined;
  if (!Array.isArray(findings)) {
    throw new BaselineError(`${label}: has no "findings" list; give a report.json written by cookie-audit scan`);
  }
  findings.forEach((finding, index) => {
    if (!isFinding(finding)) {
      throw new BaselineError(
        `${label}: findings[${index}] lacks ruleId, site, severity or item {type, name}; give a report.json written by cookie-audit scan`,
      );
    }
  });
  return findings as Finding[];
}

function isFinding(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  const item = f['item'] as Record<string, unknown> | undefined;
  return (
    typeof f['ruleId'] === 'string' &&
    typeof f['site'] === 'string' &&
    typeof f['severity'] === 'string' &&
    typeof f['message'] === 'string' &&
    typeof item === 'object' &&
    item !== null &&
    typeof item['type'] === 'string' &&
    typeof item['name'] === 'string'
  );
}
