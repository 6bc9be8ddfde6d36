/**
 * report.md: a compact summary for pull requests and GitHub's job summary ($GITHUB_STEP_SUMMARY):
 * one table of what each phase of each site saw and found, then the findings.
 * Every string from a site goes through md() here, Markdown's output boundary.
 */
import type { Severity } from '../audit/types.js';
import { PHASES, type Phase } from '../evidence/types.js';
import { clean, unknownCookiesLine } from './console.js';
import { declarationLabel, itemLabel, plural, verdict } from './labels.js';
import { compareFindings } from './order.js';
import type { AuditReport, ReportFinding, Reporter } from './types.js';

/** GitHub accepts at most 1 MiB of job summary per step; a long list is cut well before that. */
export const MAX_FINDING_ROWS = 300;

/**
 * Text safe in a Markdown table cell or heading: one line, no raw HTML, and no character that would
 * start a code span, emphasis, link, table column, math, emoji shortcode or @mention.
 * Backslash escapes work for every ASCII punctuation character in CommonMark/GFM; the three HTML
 * characters become entities so nothing can open a tag.
 */
export function md(text: string): string {
  return clean(text)
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/[\\`*_[\]|~#$@!]/g, '\\$&')
    // Only a colon opening an emoji shortcode (":warning:") means anything; URLs keep theirs.
    .replace(/:(?=[\w+-]+:)/g, '\\:');
}

const ICON: Record<Severity, string> = { error: '✖ error', warning: '▲ warning', info: 'ℹ info' };
/** Fixed findings come from a baseline file, which may hold anything. */
const severityCell = (severity: Severity): string => (Object.hasOwn(ICON, severity) ? ICON[severity] : md(String(severity)));

export const markdownReporter: Reporter = {
  name: 'md',
  fileName: 'report.md',
  render: (report) => renderMarkdown(report),
};

export function renderMarkdown(report: AuditReport): string {
  const lines: string[] = [`### cookie-audit: ${md(verdict(report.summary))}`, ''];
  lines.push(...summaryTable(report), '');
  lines.push(...findingsSection(report));
  if (report.baseline) lines.push(...fixedSection(report));
  lines.push(...knowledgeSection(report));
  lines.push(...evidenceSection(report));
  return lines.join('\n') + '\n';
}

/** Which databases judged the run, and how many cookies none of them knew. */
function knowledgeSection(report: AuditReport): string[] {
  const { cookieDatabases, trackerDatabase } = report.options;
  const unknown = report.summary.unknownCookies;
  if (cookieDatabases === undefined && unknown === undefined) return [];
  const lines: string[] = [];
  if (cookieDatabases !== undefined) {
    const cookies = cookieDatabases
      .map((db) => {
        const source = db.source === undefined ? '' : `, ${md(db.source.name)} (${md(db.source.licence)}) retrieved ${md(db.source.retrieved.slice(0, 10))}`;
        return `${md(db.name)} (${db.entries} entries${source})`;
      })
      .join(', ');
    const trackers = trackerDatabase === undefined ? '' : `; tracker database: ${md(trackerDatabase.name)} (${md(trackerDatabase.licence)})`;
    lines.push(`Judged with the known-cookie databases ${cookies}${trackers}.`);
  }
  if (unknown !== undefined) lines.push(`${lines.length > 0 ? '\n' : ''}${md(unknownCookiesLine(unknown))}`);
  lines.push('');
  return lines;
}

/** Where the evidence came from when it was imported (and what it cannot hold), and the traffic records written. */
function evidenceSection(report: AuditReport): string[] {
  const lines: string[] = [];
  for (const site of report.sites) {
    const imported = site.evidence.imported;
    if (imported) {
      lines.push(`Imported from ${imported.format === 'wec' ? 'Website Evidence Collector output' : 'a HAR'} ${md(imported.file)}${imported.creator ? ` (${md(imported.creator)})` : ''}; such a record cannot hold:`, '');
      for (const line of imported.cannotKnow) lines.push(`- ${md(line)}`);
      lines.push('');
    }
    const records = site.evidence.phases.flatMap((phase) => (phase.traffic ? [`${phase.phase}: ${md(phase.traffic.file)} (${phase.traffic.entries} requests)`] : []));
    if (records.length > 0) lines.push(`Traffic records (HAR) of ${md(site.evidence.url)}: ${records.join(', ')}.`, '');
  }
  return lines;
}

function summaryTable(report: AuditReport): string[] {
  const rows = ['| site | phase | status | cookies | storage | errors | warnings | info |', '|---|---|---|--:|--:|--:|--:|--:|'];
  const urls = [...new Set([...report.sites.map((s) => s.evidence.url), ...report.findings.map((f) => f.site)])];
  for (const url of urls) {
    const site = report.sites.find((s) => s.evidence.url === url);
    const findings = report.findings.filter((f) => f.site === url);
    const count = (phase: Phase | undefined, severity: Severity) =>
      findings.filter((f) => f.phase === phase && f.severity === severity).length;
    const label = site?.evidence.status === 'unreachable' ? `${md(url)} (unreachable)` : md(url);
    let first = true;
    const phases = PHASES.filter((p) => site?.evidence.phases.some((e) => e.phase === p) || findings.some((f) => f.phase === p));
    for (const phase of phases) {
      const evidence = site?.evidence.phases.find((p) => p.phase === phase);
      const status = evidence ? (evidence.status === 'skipped' && evidence.skipReason ? `skipped: ${md(evidence.skipReason)}` : evidence.status) : '—';
      rows.push(
        `| ${first ? label : ''} | ${phase} | ${status} | ${evidence?.cookies.length ?? '—'} | ${evidence?.storage.length ?? '—'} | ${count(phase, 'error')} | ${count(phase, 'warning')} | ${count(phase, 'info')} |`,
      );
      first = false;
    }
    const manifest = site && site.policyFile !== null ? `manifest ${md(site.policyFile)}` : 'no manifest';
    rows.push(`| ${first ? label : ''} | ${manifest} | | | | ${count(undefined, 'error')} | ${count(undefined, 'warning')} | ${count(undefined, 'info')} |`);
  }
  return rows;
}

function findingsSection(report: AuditReport): string[] {
  if (report.findings.length === 0) return ['No findings.', ''];
  const withStatus = report.baseline !== undefined;
  const lines = [`#### ${plural(report.findings.length, 'finding', 'findings')}`, ''];
  const header = `| severity |${withStatus ? ' baseline |' : ''} rule | phase | item | what to fix | page | declaration |`;
  lines.push(header, `|---|${withStatus ? '---|' : ''}---|---|---|---|---|---|`);
  const findings = [...report.findings].sort(compareFindings);
  const multiSite = new Set(findings.map((f) => f.site)).size > 1;
  for (const finding of findings.slice(0, MAX_FINDING_ROWS)) lines.push(findingRow(finding, withStatus, multiSite));
  if (findings.length > MAX_FINDING_ROWS) {
    lines.push('', `… and ${findings.length - MAX_FINDING_ROWS} more in report.json.`);
  }
  lines.push('');
  return lines;
}

function findingRow(finding: ReportFinding, withStatus: boolean, multiSite: boolean): string {
  const item = multiSite ? `${md(itemLabel(finding.item))} on ${md(finding.site)}` : md(itemLabel(finding.item));
  const cells = [
    severityCell(finding.severity),
    ...(withStatus ? [finding.baseline === 'known' ? 'known' : '**new**'] : []),
    md(finding.ruleId),
    finding.phase === undefined ? '—' : md(finding.phase),
    item,
    md(finding.message),
    finding.page === undefined ? '' : md(finding.page),
    finding.declaration ? md(declarationLabel(finding.declaration)) : '',
  ];
  return `| ${cells.join(' | ')} |`;
}

function fixedSection(report: AuditReport): string[] {
  const fixed = report.baseline?.fixed ?? [];
  const lines = [`#### Fixed since the baseline: ${fixed.length}`, ''];
  if (fixed.length === 0) return [...lines, 'Nothing the baseline reported has gone.', ''];
  lines.push('| severity | rule | phase | item | site |', '|---|---|---|---|---|');
  for (const finding of fixed.slice(0, MAX_FINDING_ROWS)) {
    const phase = finding.phase === undefined ? '—' : md(finding.phase);
    lines.push(`| ${severityCell(finding.severity)} | ${md(finding.ruleId)} | ${phase} | ${md(itemLabel(finding.item))} | ${md(finding.site)} |`);
  }
  if (fixed.length > MAX_FINDING_ROWS) lines.push('', `… and ${fixed.length - MAX_FINDING_ROWS} more in report.json.`);
  lines.push('');
  return lines;
}
