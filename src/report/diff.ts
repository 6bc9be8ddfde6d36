/**
 * `cookie-audit diff`: what changed between two report.json files of the same sites — cookies and
 * storage added or removed per phase, cookie lifetimes that changed, findings that are new or fixed
 * (matched as baselines match them, by fingerprint). Rendered for a terminal and as Markdown.
 */
import type { Finding } from '../audit/types.js';
import type { CookieObservation, PhaseEvidence, StorageObservation } from '../evidence/types.js';
import { BaselineError, compareWithBaseline, parseBaseline, siteOrigin } from './baseline.js';
import { clean } from './console.js';
import { itemLabel, lifetimeText } from './labels.js';
import { md } from './markdown.js';
import { compareFindings, compareText, phaseRank } from './order.js';
import type { AuditReport, SiteReport } from './types.js';

export interface CookieRef {
  name: string;
  domain: string;
  path: string;
  lifetimeSeconds: number | null;
}
export interface StorageRef {
  type: string;
  key: string;
  origin: string;
}
export interface LifetimeChange extends Omit<CookieRef, 'lifetimeSeconds'> {
  before: number | null;
  after: number | null;
}

export interface PhaseDiff {
  phase: string;
  /** Why the phase could not be compared (skipped or failed in one report), or undefined. */
  notCompared?: string;
  cookiesAdded: CookieRef[];
  cookiesRemoved: CookieRef[];
  lifetimes: LifetimeChange[];
  storageAdded: StorageRef[];
  storageRemoved: StorageRef[];
}

export interface SiteDiff {
  origin: string;
  /** 'added': only in the new report; 'removed': only in the old one. */
  presence: 'both' | 'added' | 'removed';
  phases: PhaseDiff[];
}

export interface ReportDiff {
  old: { file: string; generatedAt: string };
  new: { file: string; generatedAt: string };
  sites: SiteDiff[];
  findings: { new: Finding[]; fixed: Finding[]; unchanged: number };
}

/** One line naming the file and what is wrong with it; the CLI exits with the usage code. */
export function parseReportFile(text: string, file: string): AuditReport {
  const findings = parseBaseline(text, file);
  const data = JSON.parse(text) as { sites?: unknown };
  const sites = Array.isArray(data.sites) ? data.sites : undefined;
  const saneSite = (site: unknown) => {
    const evidence = (site as { evidence?: { url?: unknown; phases?: unknown } } | null)?.evidence;
    return typeof evidence?.url === 'string' && Array.isArray(evidence.phases);
  };
  if (!sites || !sites.every(saneSite)) {
    throw new BaselineError(`${file}: has no "sites" list with evidence; give a report.json written by cookie-audit scan`);
  }
  return { ...(data as AuditReport), findings };
}

const cookieId = (c: { name: string; domain: string; path: string }) => JSON.stringify([c.name, c.domain, c.path]);
const storageId = (s: { type: string; key: string; origin: string }) => JSON.stringify([s.type, s.origin, s.key]);

/** Lifetimes are measured from when the cookie was seen, so a tolerance (1 hour or 1 %) keeps scan timing out. */
function lifetimeChanged(before: number | null, after: number | null): boolean {
  if (before === null || after === null) return before !== after;
  return Math.abs(before - after) > Math.max(3600, 0.01 * Math.max(before, after));
}

function cookieRef(c: CookieObservation): CookieRef {
  return { name: c.name, domain: c.domain, path: c.path, lifetimeSeconds: c.lifetimeSeconds };
}
function storageRef(s: StorageObservation): StorageRef {
  return { type: s.type, key: s.key, origin: s.origin };
}

function diffPhase(phase: string, before: PhaseEvidence | undefined, after: PhaseEvidence | undefined): PhaseDiff {
  const empty: PhaseDiff = { phase, cookiesAdded: [], cookiesRemoved: [], lifetimes: [], storageAdded: [], storageRemoved: [] };
  if (before?.status !== 'completed' || after?.status !== 'completed') {
    const why = (label: string, p: PhaseEvidence | undefined) => (p === undefined ? `not run in the ${label} report` : p.status === 'completed' ? '' : `${p.status} in the ${label} report`);
    return { ...empty, notCompared: [why('old', before), why('new', after)].filter(Boolean).join(', ') };
  }
  const oldCookies = new Map(before.cookies.map((c) => [cookieId(c), c]));
  const newCookies = new Map(after.cookies.map((c) => [cookieId(c), c]));
  const oldStorage = new Set(before.storage.map(storageId));
  const newStorage = new Set(after.storage.map(storageId));
  const lifetimes: LifetimeChange[] = [];
  for (const [id, cookie] of newCookies) {
    const previous = oldCookies.get(id);
    if (previous && lifetimeChanged(previous.lifetimeSeconds, cookie.lifetimeSeconds)) {
      lifetimes.push({ name: cookie.name, domain: cookie.domain, path: cookie.path, before: previous.lifetimeSeconds, after: cookie.lifetimeSeconds });
    }
  }
  return {
    phase,
    cookiesAdded: after.cookies.filter((c) => !oldCookies.has(cookieId(c))).map(cookieRef),
    cookiesRemoved: before.cookies.filter((c) => !newCookies.has(cookieId(c))).map(cookieRef),
    lifetimes,
    storageAdded: after.storage.filter((s) => !oldStorage.has(storageId(s))).map(storageRef),
    storageRemoved: before.storage.filter((s) => !newStorage.has(storageId(s))).map(storageRef),
  };
}

function diffSite(origin: string, before: SiteReport | undefined, after: SiteReport | undefined): SiteDiff {
  const phases = [...new Set([...(before?.evidence.phases ?? []), ...(after?.evidence.phases ?? [])].map((p) => p.phase))].sort(
    (a, b) => phaseRank(a) - phaseRank(b),
  );
  return {
    origin,
    presence: before && after ? 'both' : after ? 'added' : 'removed',
    phases:
      before && after
        ? phases.map((phase) => diffPhase(phase, before.evidence.phases.find((p) => p.phase === phase), after.evidence.phases.find((p) => p.phase === phase)))
        : [],
  };
}

export function diffReports(before: AuditReport, after: AuditReport, files: { old: string; new: string }): ReportDiff {
  const bySite = (report: AuditReport) => new Map(report.sites.map((site) => [siteOrigin(site.evidence.url), site]));
  const oldSites = bySite(before);
  const newSites = bySite(after);
  const origins = [...new Set([...oldSites.keys(), ...newSites.keys()])].sort(compareText);
  const compared = compareWithBaseline([...after.findings].sort(compareFindings), before.findings, after.sites);
  return {
    old: { file: files.old, generatedAt: before.generatedAt },
    new: { file: files.new, generatedAt: after.generatedAt },
    sites: origins.map((origin) => diffSite(origin, oldSites.get(origin), newSites.get(origin))),
    findings: {
      new: compared.findings.filter((f) => f.baseline === 'new').map(({ baseline: _b, ...finding }) => finding),
      fixed: compared.fixed.sort(compareFindings),
      unchanged: compared.findings.filter((f) => f.baseline === 'known').length,
    },
  };
}

function hasChanges(phase: PhaseDiff): boolean {
  return phase.cookiesAdded.length + phase.cookiesRemoved.length + phase.lifetimes.length + phase.storageAdded.length + phase.storageRemoved.length > 0;
}

const cookieText = (c: { name: string; domain: string }) => `cookie ${c.name} (${c.domain})`;
const storageText = (s: StorageRef) => `${s.type} ${s.key} (${s.origin})`;
const lifetime = (seconds: number | null) => lifetimeText(seconds);

/** Plain text for a terminal; site strings cleaned of control characters. */
export function renderDiffText(diff: ReportDiff): string {
  const lines = [`cookie-audit diff: ${clean(diff.old.file)} (${clean(diff.old.generatedAt)}) → ${clean(diff.new.file)} (${clean(diff.new.generatedAt)})`, ''];
  for (const site of diff.sites) {
    if (site.presence !== 'both') {
      lines.push(`${clean(site.origin)}: only in the ${site.presence === 'added' ? 'new' : 'old'} report`, '');
      continue;
    }
    lines.push(clean(site.origin));
    for (const phase of site.phases) {
      if (phase.notCompared) {
        lines.push(`  ${phase.phase}: not compared (${phase.notCompared})`);
        continue;
      }
      if (!hasChanges(phase)) {
        lines.push(`  ${phase.phase}: no changes`);
        continue;
      }
      lines.push(`  ${phase.phase}`);
      for (const c of phase.cookiesAdded) lines.push(`    + ${clean(cookieText(c))}, ${lifetime(c.lifetimeSeconds)}`);
      for (const c of phase.cookiesRemoved) lines.push(`    - ${clean(cookieText(c))}`);
      for (const c of phase.lifetimes) lines.push(`    ~ ${clean(cookieText(c))}: lifetime ${lifetime(c.before)} → ${lifetime(c.after)}`);
      for (const s of phase.storageAdded) lines.push(`    + ${clean(storageText(s))}`);
      for (const s of phase.storageRemoved) lines.push(`    - ${clean(storageText(s))}`);
    }
    lines.push('');
  }
  const { findings } = diff;
  lines.push(`Findings: ${findings.new.length} new, ${findings.fixed.length} fixed, ${findings.unchanged} unchanged`);
  for (const f of findings.new) lines.push(`  + [${f.severity}] ${clean(f.ruleId)} ${f.phase ?? 'manifest'} ${clean(itemLabel(f.item))}: ${clean(f.message)}`);
  for (const f of findings.fixed) lines.push(`  - [${f.severity}] ${clean(f.ruleId)} ${f.phase ?? 'manifest'} ${clean(itemLabel(f.item))}`);
  return lines.join('\n') + '\n';
}

/** The same as Markdown, for a pull request comment or job summary. */
export function renderDiffMarkdown(diff: ReportDiff): string {
  const { findings } = diff;
  const lines = [
    `### cookie-audit diff: ${findings.new.length} new, ${findings.fixed.length} fixed, ${findings.unchanged} unchanged findings`,
    '',
    `${md(diff.old.file)} (${md(diff.old.generatedAt)}) → ${md(diff.new.file)} (${md(diff.new.generatedAt)})`,
    '',
  ];
  const rows: string[] = [];
  for (const site of diff.sites) {
    if (site.presence !== 'both') {
      rows.push(`| ${md(site.origin)} | — | site only in the ${site.presence === 'added' ? 'new' : 'old'} report | |`);
      continue;
    }
    for (const phase of site.phases) {
      const row = (change: string, what: string) => rows.push(`| ${md(site.origin)} | ${md(phase.phase)} | ${change} | ${what} |`);
      if (phase.notCompared) row('not compared', md(phase.notCompared));
      for (const c of phase.cookiesAdded) row('cookie added', `${md(cookieText(c))}, ${lifetime(c.lifetimeSeconds)}`);
      for (const c of phase.cookiesRemoved) row('cookie removed', md(cookieText(c)));
      for (const c of phase.lifetimes) row('lifetime changed', `${md(cookieText(c))}: ${lifetime(c.before)} → ${lifetime(c.after)}`);
      for (const s of phase.storageAdded) row('storage added', md(storageText(s)));
      for (const s of phase.storageRemoved) row('storage removed', md(storageText(s)));
    }
  }
  if (rows.length > 0) lines.push('| site | phase | change | what |', '|---|---|---|---|', ...rows, '');
  else lines.push('No cookie or storage changes.', '');
  if (findings.new.length + findings.fixed.length > 0) {
    lines.push(`#### Findings: ${findings.new.length} new, ${findings.fixed.length} fixed`, '');
    lines.push('| change | severity | rule | phase | item | message |', '|---|---|---|---|---|---|');
    for (const f of findings.new) lines.push(`| **new** | ${md(f.severity)} | ${md(f.ruleId)} | ${md(f.phase ?? 'manifest')} | ${md(itemLabel(f.item))} | ${md(f.message)} |`);
    for (const f of findings.fixed) lines.push(`| fixed | ${md(f.severity)} | ${md(f.ruleId)} | ${md(f.phase ?? 'manifest')} | ${md(itemLabel(f.item))} | ${md(f.message)} |`);
    lines.push('');
  }
  return lines.join('\n') + '\n';
}
