/**
 * Assembles the report model every format renders. The pass/fail decision (exitCode) is made
 * here, once, so no reporter can disagree with the process exit status.
 */
import type { Finding, Severity } from '../audit/types.js';
import {
  PHASES,
  type CookieObservation,
  type Phase,
  type PhaseEvidence,
  type SiteEvidence,
  type StorageObservation,
} from '../evidence/types.js';
import { compareFindings, compareText, phaseRank, reachesThreshold } from './order.js';
import { REPORT_SCHEMA_VERSION, type AuditReport, type ReportSummary, type SiteReport } from './types.js';

export interface BuildReportInput {
  sites: SiteReport[];
  findings: Finding[];
  phases: Phase[];
  includeValues: boolean;
  failOn: Severity | 'never';
  generatedAt: string;
  toolVersion: string;
}

export function buildReport(input: BuildReportInput): AuditReport {
  // Requested phases in consent order, once each, whatever order the user typed them in.
  const phases = PHASES.filter((phase) => input.phases.includes(phase));
  const sites = input.sites.map((site) => normaliseSite(site, input.includeValues));
  const findings = [...input.findings].sort(compareFindings);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'cookie-audit', version: input.toolVersion },
    generatedAt: input.generatedAt,
    options: { phases, includeValues: input.includeValues, failOn: input.failOn },
    sites,
    findings,
    summary: summarise(sites, findings, phases, input.failOn),
  };
}

function summarise(
  sites: SiteReport[],
  findings: Finding[],
  phases: Phase[],
  failOn: Severity | 'never',
): ReportSummary {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const finding of findings) bySeverity[finding.severity] += 1;

  // Every requested phase is listed (0 included) so readers can tell "clean" from "not run";
  // a phase that was not requested appears only if something was found in it.
  const byPhase: ReportSummary['byPhase'] = {};
  for (const phase of PHASES) {
    const count = findings.filter((finding) => finding.phase === phase).length;
    if (phases.includes(phase) || count > 0) byPhase[phase] = count;
  }
  byPhase.none = findings.filter((finding) => finding.phase === undefined).length;

  const unreachableSites = sites.filter((site) => site.evidence.status === 'unreachable').length;
  // An unreachable site outranks findings: its audit is incomplete, whatever else was found.
  const exitCode = unreachableSites > 0 ? 3 : findings.some((f) => reachesThreshold(f.severity, failOn)) ? 1 : 0;

  return {
    sites: sites.length,
    unreachableSites,
    findings: findings.length,
    bySeverity,
    byPhase,
    failOn,
    exitCode,
  };
}

/** A new SiteReport with evidence in the documented order and values removed unless asked for. */
function normaliseSite(site: SiteReport, includeValues: boolean): SiteReport {
  const evidence: SiteEvidence = {
    ...site.evidence,
    phases: [...site.evidence.phases]
      .sort((a, b) => phaseRank(a.phase) - phaseRank(b.phase))
      .map((phase) => normalisePhase(phase, includeValues)),
  };
  const declared = [...site.declared].sort(
    (a, b) => compareText(a.kind, b.kind) || a.index - b.index,
  );
  return { ...site, evidence, declared };
}

function normalisePhase(phase: PhaseEvidence, includeValues: boolean): PhaseEvidence {
  const cookies = phase.cookies
    .map((cookie) => (includeValues ? cookie : withoutValue(cookie)))
    .sort(
      (a, b) => compareText(a.name, b.name) || compareText(a.domain, b.domain) || compareText(a.path, b.path),
    );
  const storage = phase.storage
    .map((entry) => (includeValues ? entry : withoutValue(entry)))
    .sort(
      (a, b) => compareText(a.type, b.type) || compareText(a.origin, b.origin) || compareText(a.key, b.key),
    );
  return { ...phase, cookies, storage };
}

/** Values are what a site stores about its visitor; they only reach a report on request. */
function withoutValue<T extends CookieObservation | StorageObservation>(item: T): T {
  const { value: _value, ...rest } = item;
  return rest as T;
}
