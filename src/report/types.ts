/** The report model every format renders. report.json is this object, validated by rules/report.schema.json. */
import type { Finding, Severity } from '../audit/types.js';
import type { Phase, SiteEvidence } from '../evidence/types.js';
import type { DeclarationRef } from '../policy/types.js';

export const REPORT_SCHEMA_VERSION = '1.0.0';

/** A manifest entry listed in reports (JUnit has one testcase per entry), and whether any phase observed it. */
export type DeclaredEntry = DeclarationRef & { observed: boolean };

export interface SiteReport {
  /** Everything observed; cookie and storage values are redacted unless includeValues. */
  evidence: SiteEvidence;
  /** Path of the manifest the site was audited against, or null when none was given. */
  policyFile: string | null;
  policySite?: string;
  /** Every manifest entry, so reports can list what was declared (and whether it was observed). */
  declared: DeclaredEntry[];
}

export interface ReportSummary {
  sites: number;
  unreachableSites: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  byPhase: Partial<Record<Phase | 'none', number>>;
  failOn: Severity | 'never';
  /** 0 pass, 1 findings at/above failOn, 3 a site could not be scanned. */
  exitCode: 0 | 1 | 3;
}

export interface AuditReport {
  schemaVersion: string;
  tool: { name: 'cookie-audit'; version: string };
  /** ISO time the scan started. Tests compare reports without it. */
  generatedAt: string;
  options: {
    phases: Phase[];
    includeValues: boolean;
    failOn: Severity | 'never';
  };
  sites: SiteReport[];
  /** All findings of all sites, sorted (site, phase, severity, ruleId, item). */
  findings: Finding[];
  summary: ReportSummary;
}

/** One output format. Reporters are pure renderers of an AuditReport: they never decide pass/fail. */
export interface Reporter {
  name: string;
  /** File name written inside --out, or null for a stdout-only reporter (console). */
  fileName: string | null;
  render(report: AuditReport, options: { color: boolean }): string;
}
