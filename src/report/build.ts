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
import { compareWithBaseline, type Coverage } from './baseline.js';
import { compareFindings, compareText, phaseRank, reachesThreshold } from './order.js';
import {
  REPORT_SCHEMA_VERSION,
  type AuditReport,
  type BaselineComparison,
  type ReportFinding,
  type ReportSummary,
  type SiteReport,
  type UnknownCookies,
} from './types.js';

export interface BuildReportInput {
  sites: SiteReport[];
  findings: Finding[];
  phases: Phase[];
  includeValues: boolean;
  failOn: Severity | 'never';
  generatedAt: string;
  toolVersion: string;
  /** The run was stopped early (a signal): which sites were never started. The report is then partial. */
  interrupted?: { reason: string; notScanned: string[] };
  /** --baseline: the findings of an earlier report.json; only findings it lacks can fail the run. */
  baseline?: { file: string; findings: Finding[] };
  /** The databases classification used (src/knowledge/), stated in options. */
  knowledge?: { trackerDatabase: { name: string; licence: string }; cookieDatabases: NonNullable<AuditReport['options']['cookieDatabases']> };
  /** --shard i/n: the slice of the site list this report covers. */
  shard?: { index: number; count: number };
  /** --device: the Playwright device the visitor used. */
  device?: string;
  /** --region: where the visitor came from, as labelled. */
  region?: string;
  /** --proxy: scheme://host:port, no credentials. */
  proxy?: string;
}

export function buildReport(input: BuildReportInput): AuditReport {
  const sites = input.sites.map((site) => normaliseSite(site, input.includeValues));
  const { sites: _sites, ...rest } = input;
  const report = buildReportFrame({ ...rest, facts: sites.map(siteFacts) });
  // Assigned, not spread: `sites` keeps its place after `options` in the JSON.
  report.sites = sites;
  return report;
}

/**
 * What the summary needs of one site, kept when the site itself is not (a fleet streams its sites to
 * sites.ndjson and builds the report from these and the findings, so memory does not grow with the fleet).
 */
export interface SiteFacts {
  url: string;
  unreachable: boolean;
  /** Why no page could be loaded, for "could not scan <url>: …" (only when unreachable; as cli/errors.ts whyUnscannable says it). */
  unreachableReason?: string;
  /** Reasons this site leaves the audit incomplete (see incompleteness). */
  incomplete: string[];
  /** Cookies nobody knows: [name, domain]. */
  unknownCookies: Array<[string, string]>;
  /** What a baseline comparison needs: which phases completed. */
  coverage: Coverage;
}

export function siteFacts(site: SiteReport): SiteFacts {
  const { evidence } = site;
  const unknown = new Map<string, [string, string]>();
  for (const phase of evidence.phases) {
    for (const cookie of phase.cookies) {
      if (cookie.classification?.source === 'unknown') unknown.set(JSON.stringify([cookie.name, cookie.domain]), [cookie.name, cookie.domain]);
    }
  }
  const unreachable = evidence.status === 'unreachable';
  const cause = unreachable
    ? evidence.phases.flatMap((p) => p.errors).find((e) => e.kind === 'navigation' || e.kind === 'not-a-page' || e.kind === 'timeout' || e.kind === 'login')
    : undefined;
  return {
    url: evidence.url,
    unreachable,
    ...(unreachable ? { unreachableReason: cause?.message ?? 'no page could be loaded' } : {}),
    incomplete: incompleteness([site]),
    unknownCookies: [...unknown.values()],
    coverage: { evidence: { url: evidence.url, status: evidence.status, phases: evidence.phases.map((p) => ({ phase: p.phase, status: p.status })) } },
  };
}

/** The report without its sites (`sites: []`), from the facts of each site: what a streamed report.json is written around. */
export function buildReportFrame(input: Omit<BuildReportInput, 'sites'> & { facts: readonly SiteFacts[] }): AuditReport {
  // Requested phases in consent order, once each, whatever order the user typed them in.
  const phases = PHASES.filter((phase) => input.phases.includes(phase));
  let findings: ReportFinding[] = [...input.findings].sort(compareFindings);
  let baseline: BaselineComparison | undefined;
  if (input.baseline) {
    const compared = compareWithBaseline(findings, input.baseline.findings, input.facts.map((f) => f.coverage));
    findings = compared.findings;
    baseline = { file: input.baseline.file, fixed: compared.fixed.sort(compareFindings) };
  }
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'cookie-audit', version: input.toolVersion },
    generatedAt: input.generatedAt,
    options: {
      phases,
      includeValues: input.includeValues,
      failOn: input.failOn,
      ...(input.knowledge === undefined
        ? {}
        : { trackerDatabase: { ...input.knowledge.trackerDatabase }, cookieDatabases: input.knowledge.cookieDatabases.map((db) => structuredClone(db)) }),
      ...(input.shard === undefined ? {} : { shard: { ...input.shard } }),
      ...(input.device === undefined ? {} : { device: input.device }),
      ...(input.region === undefined ? {} : { region: input.region }),
      ...(input.proxy === undefined ? {} : { proxy: input.proxy }),
    },
    sites: [],
    findings,
    ...(baseline && { baseline }),
    summary: {
      ...summarise(input.facts, findings, phases, input.failOn, baseline, input.interrupted),
      ...unknownCookies(input.facts, input.knowledge?.cookieDatabases),
    },
  };
}

/**
 * Cookies whose category nobody knows: no declaration, no database entry, no tracker. Said once, so
 * that thin knowledge is visible instead of speaking only through "unknown, not exempt" findings.
 */
function unknownCookies(facts: readonly SiteFacts[], databases: Array<{ name: string }> | undefined): { unknownCookies?: UnknownCookies } {
  const seen = new Set<string>();
  const names = new Set<string>();
  for (const site of facts) {
    for (const [name, domain] of site.unknownCookies) {
      seen.add(JSON.stringify([name, domain]));
      names.add(name);
    }
  }
  if (seen.size === 0) return {};
  const hint =
    databases !== undefined && databases.length > 1
      ? 'no installed database knows them: declare them in the manifest (cookie-audit explain <name> shows what is known)'
      : 'cookie-audit db update installs the Open Cookie Database, which may know them; or declare them in the manifest';
  return { unknownCookies: { count: seen.size, names: [...names].sort(compareText), hint } };
}

function summarise(
  facts: readonly SiteFacts[],
  findings: ReportFinding[],
  phases: Phase[],
  failOn: Severity | 'never',
  baseline: BaselineComparison | undefined,
  interrupted?: { reason: string; notScanned: string[] },
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

  const unreachableSites = facts.filter((site) => site.unreachable).length;
  // With a baseline, only what it lacks can fail the run: known problems are reported, not blocking.
  const failing = findings.filter((f) => f.baseline !== 'known' && reachesThreshold(f.severity, failOn));
  const incomplete = [...new Set(facts.flatMap((site) => site.incomplete))].sort(compareText);
  if (interrupted) {
    incomplete.unshift(`interrupted (${interrupted.reason}) before the scan finished: this report holds what was gathered until then`);
    for (const url of interrupted.notScanned) incomplete.push(`${url}: not scanned (interrupted)`);
  }
  // An incomplete audit outranks findings: it cannot vouch for what it did not see, whatever else was found.
  const exitCode = incomplete.length > 0 ? 3 : failing.length > 0 ? 1 : 0;

  return {
    sites: facts.length,
    unreachableSites,
    findings: findings.length,
    bySeverity,
    byPhase,
    failOn,
    ...(baseline && {
      baseline: {
        new: findings.filter((f) => f.baseline === 'new').length,
        known: findings.filter((f) => f.baseline === 'known').length,
        fixed: baseline.fixed.length,
      },
    }),
    incomplete,
    partial: interrupted !== undefined,
    exitCode,
  };
}

/**
 * Page errors that leave a hole in the audit. An error status on a page found by crawling is recorded but
 * audited as served, and a crawled link to a download or to a file: URL has no page to miss; on a start
 * page the user asked for, either means the intended page was never seen.
 */
function incompleteness(sites: SiteReport[]): string[] {
  const reasons = new Set<string>();
  for (const { evidence } of sites) {
    if (evidence.status === 'unreachable') {
      reasons.add(`${evidence.url}: no page could be loaded`);
      continue;
    }
    const start = new Set(evidence.startPages);
    for (const phase of evidence.phases) {
      if (phase.status === 'failed') reasons.add(`${evidence.url}: the ${phase.phase} phase failed`);
      // The choice was made but did not stick (the banner was back after the reload): the phase shows a
      // visitor without that choice, so it cannot vouch for what the site does after it.
      if (phase.consent?.succeeded && phase.consent.bannerShownAfterConsent === true) {
        reasons.add(`${evidence.url}: the ${phase.phase} phase's choice did not stick: the banner was still shown after the click or came back after the reload`);
      }
      for (const error of phase.errors) {
        const hole =
          error.kind === 'navigation' || error.kind === 'timeout' || error.kind === 'browser' || error.kind === 'unanswered' || ((error.kind === 'http-status' || error.kind === 'not-a-page') && start.has(error.url));
        if (hole) reasons.add(`${error.url}: ${error.message}`);
        // A banner that was there but could not be operated: the phase never saw the visitor's answer.
        if (error.kind === 'consent') reasons.add(`${evidence.url}: the ${phase.phase} phase could not ${phase.phase === 'accept' ? 'accept' : 'refuse'} consent: ${error.message}`);
      }
    }
  }
  return [...reasons].sort(compareText);
}

/** A new SiteReport with evidence in the documented order and values removed unless asked for. */
export function normaliseSite(site: SiteReport, includeValues: boolean): SiteReport {
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
