/** The report model every format renders. report.json is this object, validated by rules/report.schema.json. */
import type { Finding, Severity } from '../audit/types.js';
import type { Phase, SiteEvidence } from '../evidence/types.js';
import type { DeclarationRef } from '../policy/types.js';

export const REPORT_SCHEMA_VERSION = '1.0.0';

/** A manifest entry listed in reports (JUnit has one testcase per entry), and whether any phase observed it. */
export type DeclaredEntry = DeclarationRef & { observed: boolean };

/**
 * A finding as reported. With --baseline, each says whether the baseline report already had it
 * ('known': reported, but it does not fail the run) or not ('new').
 */
export type ReportFinding = Finding & { baseline?: 'new' | 'known' };

/** What --baseline found: the baseline file, and its findings that this run no longer has. */
export interface BaselineComparison {
  /** The baseline report.json as given on the command line. */
  file: string;
  /** Findings of the baseline not seen again, among the sites and phases this run covered. */
  fixed: Finding[];
}

export interface SiteReport {
  /** Everything observed; cookie and storage values are redacted unless includeValues. */
  evidence: SiteEvidence;
  /** Path of the manifest the site was audited against, or null when none was given. */
  policyFile: string | null;
  policySite?: string;
  /** Every manifest entry, so reports can list what was declared (and whether it was observed). */
  declared: DeclaredEntry[];
}

/** Where a local known-cookie database came from, as `cookie-audit db update` recorded it. */
export interface CookieDatabaseSource {
  name: string;
  url: string;
  version?: { commit?: string; etag?: string; lastModified?: string };
  retrieved: string;
  licence: string;
}

export interface UnknownCookies {
  count: number;
  /** The distinct names, sorted. */
  names: string[];
  /** What would let the audit know them: `cookie-audit db update` when no local database is installed. */
  hint: string;
}

export interface ReportSummary {
  sites: number;
  unreachableSites: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  byPhase: Partial<Record<Phase | 'none', number>>;
  failOn: Severity | 'never';
  /** With --baseline: how many findings are new, how many the baseline had, how many it had that are gone. */
  baseline?: { new: number; known: number; fixed: number };
  /**
   * Why the audit is incomplete, one line each (empty: complete): an unreachable site, a failed phase, a page
   * that could not be loaded or did not finish loading, an error status on a start page, an interrupted run.
   */
  incomplete: string[];
  /** True when the run was interrupted (SIGINT/SIGTERM): the report holds what was gathered until then. */
  partial: boolean;
  /**
   * Cookies neither the manifest, nor a known-cookie database, nor the tracker list knows (distinct name and
   * domain over every site and phase): their verdicts rest on "unknown". Absent when there is none.
   */
  unknownCookies?: UnknownCookies;
  /** 0 pass, 1 findings at/above failOn (only new ones when a baseline is given), 3 the audit is incomplete. */
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
    /** The tracker database that classified requests, and its licence (Ghostery's is CC-BY-NC-SA-4.0). */
    trackerDatabase?: { name: string; licence: string };
    /** The known-cookie databases used, in priority order: 'built-in', then a local file's path. */
    cookieDatabases?: Array<{ name: string; entries: number; source?: CookieDatabaseSource }>;
    /** --shard i/n: this report holds only that slice of the site list (`cookie-audit merge` joins the slices). */
    shard?: { index: number; count: number };
    /** --device: the Playwright device name the visitor used (its viewport, touch and user agent). */
    device?: string;
    /** --region: the label of where the visitor came from, as given. */
    region?: string;
    /** --proxy: scheme://host:port of the proxy every request went through (never its credentials). */
    proxy?: string;
  };
  sites: SiteReport[];
  /** All findings of all sites, sorted (site, phase, severity, ruleId, item). */
  findings: ReportFinding[];
  /** Only with --baseline. */
  baseline?: BaselineComparison;
  summary: ReportSummary;
}

export interface RenderOptions {
  color: boolean;
  /** The folder the reports go to; the HTML report embeds the screenshot files it finds there. */
  outDir?: string;
}

/** One output format. Reporters are pure renderers of an AuditReport: they never decide pass/fail. */
export interface Reporter {
  name: string;
  /** File name written inside --out, or null for a stdout-only reporter (console). */
  fileName: string | null;
  render(report: AuditReport, options: RenderOptions): string;
}
