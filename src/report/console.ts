/**
 * Human output for a terminal: grouped by site, then phase, then severity, ending in one summary line.
 * Every string that came from a site goes through clean() here, the console's output boundary.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Finding, Severity } from '../audit/types.js';
import type { PageError, Phase, PhaseEvidence } from '../evidence/types.js';
import type { DeclarationRef } from '../policy/types.js';
import { compareFindings, phaseRank } from './order.js';
import type { AuditReport, Reporter, SiteReport, UnknownCookies } from './types.js';

/**
 * C0 (incl. ESC), DEL and C1 (incl. the one-byte CSI U+009B) could move the cursor, recolour or
 * retitle the terminal; bidi overrides could make a line read differently than it is (Trojan Source).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Line breaks and tabs become spaces so words stay apart and one finding stays one line. */
const SPACING = /[\t\n\v\f\r]/g;

/** Makes site-supplied text safe to print: no control characters, no bidi overrides, one line. */
export function clean(text: string): string {
  return text.replace(SPACING, ' ').replace(UNSAFE, '');
}

const TAGS: Record<Severity, string> = { error: '✖ error  ', warning: '▲ warning', info: 'ℹ info   ' };

export const consoleReporter: Reporter = {
  name: 'console',
  fileName: null,
  render(report, options) {
    // level 1 (16 colours) when asked: the caller has decided the stream is a terminal.
    const c = new Chalk({ level: options.color ? 1 : 0 });
    const lines: string[] = [];
    for (const group of siteGroups(report)) {
      lines.push(...renderSite(group, c), '');
    }
    if (report.baseline && report.baseline.fixed.length > 0) {
      lines.push(c.bold(`Fixed since the baseline ${clean(report.baseline.file)}`));
      for (const fixed of report.baseline.fixed) lines.push(c.green('    ✔ fixed    ') + `  ${c.dim(clean(fixed.ruleId))}  ${clean(fixed.message)}`);
      lines.push('');
    }
    if (report.summary.incomplete.length > 0) {
      lines.push(c.bold('Not audited'));
      for (const reason of report.summary.incomplete) lines.push(`  ${c.red('✖')} ${clean(reason)}`);
      lines.push('');
    }
    const unknown = report.summary.unknownCookies;
    if (unknown !== undefined) lines.push(c.yellow('ℹ ') + clean(unknownCookiesLine(unknown)), '');
    lines.push(summaryLine(report, c));
    return lines.join('\n') + '\n';
  },
};

/** "3 cookies no database knows (a, b, c): …": thin knowledge, said once. */
export function unknownCookiesLine(unknown: UnknownCookies): string {
  const shown = unknown.names.slice(0, 5).join(', ') + (unknown.names.length > 5 ? ', …' : '');
  return `${unknown.count} cookie${unknown.count === 1 ? '' : 's'} no database knows (${shown}), judged as unknown: ${unknown.hint}.`;
}

interface SiteGroup {
  url: string;
  site: SiteReport | undefined;
  findings: Finding[];
}

/** Sites in report order; findings naming a site without evidence still get a group rather than vanish. */
function siteGroups(report: AuditReport): SiteGroup[] {
  const groups = new Map<string, SiteGroup>();
  for (const site of report.sites) {
    groups.set(site.evidence.url, { url: site.evidence.url, site, findings: [] });
  }
  for (const finding of report.findings) {
    let group = groups.get(finding.site);
    if (!group) {
      group = { url: finding.site, site: undefined, findings: [] };
      groups.set(finding.site, group);
    }
    group.findings.push(finding);
  }
  return [...groups.values()];
}

function renderSite({ url, site, findings }: SiteGroup, c: ChalkInstance): string[] {
  const lines = [c.bold(clean(url)) + siteNote(site, c)];
  const evidence = site?.evidence;
  const phases = new Set<Phase>([
    ...(evidence?.phases.map((p) => p.phase) ?? []),
    ...findings.flatMap((f) => (f.phase ? [f.phase] : [])),
  ]);
  for (const phase of [...phases].sort((a, b) => phaseRank(a) - phaseRank(b))) {
    const phaseEvidence = evidence?.phases.find((p) => p.phase === phase);
    lines.push(...renderPhase(phase, phaseEvidence, findings.filter((f) => f.phase === phase), c));
  }
  const manifestFindings = findings.filter((f) => f.phase === undefined);
  if (site?.policyFile != null || manifestFindings.length > 0) {
    lines.push(`  ${c.bold('manifest')}${manifestNote(site, c)}`);
    lines.push(...renderFindings(manifestFindings, c));
  }
  return lines;
}

function siteNote(site: SiteReport | undefined, c: ChalkInstance): string {
  if (!site) return c.dim(' · no evidence');
  const parts: string[] = [];
  if (site.evidence.status === 'unreachable') parts.push(c.red('unreachable'));
  parts.push(site.policyFile === null ? 'no policy manifest' : `policy ${clean(site.policyFile)}`);
  return c.dim(' · ') + parts.join(c.dim(' · '));
}

function manifestNote(site: SiteReport | undefined, c: ChalkInstance): string {
  if (!site || site.policyFile === null) return '';
  const unobserved = site.declared.filter((entry) => !entry.observed).length;
  return c.dim(`: ${plural(site.declared.length, 'declared entry', 'declared entries')}, ${unobserved} not observed`);
}

function renderPhase(phase: Phase, evidence: PhaseEvidence | undefined, findings: Finding[], c: ChalkInstance): string[] {
  const lines = [`  ${c.bold(phase)}${phaseNote(evidence, c)}`];
  if (evidence?.consent) {
    const { action, method, selector, platform, succeeded, note, clicks, refusal } = evidence.consent;
    const how =
      method === 'selector' && selector !== undefined
        ? ` via ${clean(selector)}`
        : method === 'autoconsent' && platform
          ? ` via ${clean(platform)} (autoconsent)`
          : method === 'heuristic'
            ? ` via the site's own banner (${clicks && clicks.length > 0 ? clicks.map((k) => clean(JSON.stringify(k.text))).join(' → ') : 'nothing clicked'})`
            : '';
    const outcome = succeeded ? c.green('succeeded') : refusal === 'impossible' ? c.red('impossible') : c.yellow('did not succeed');
    lines.push(c.dim(`    consent ${action}${how}: `) + outcome + c.dim(` — ${clean(note)}`));
  }
  for (const error of evidence?.errors ?? []) lines.push(pageErrorLine(error, c));
  lines.push(...renderFindings(findings, c));
  return lines;
}

/** What was observed, or why nothing was: a phase with no findings must still say it ran. */
function phaseNote(evidence: PhaseEvidence | undefined, c: ChalkInstance): string {
  if (!evidence) return c.dim(': not in evidence');
  if (evidence.status === 'skipped') {
    return ': ' + c.yellow('skipped') + c.dim(evidence.skipReason ? ` — ${clean(evidence.skipReason)}` : '');
  }
  if (evidence.status === 'failed') {
    return ': ' + c.red('failed') + c.dim(` — no page could be loaded (${plural(evidence.errors.length, 'page error', 'page errors')})`);
  }
  const observed =
    `${plural(evidence.cookies.length, 'cookie', 'cookies')}, ` +
    `${plural(evidence.storage.length, 'storage entry', 'storage entries')} ` +
    `on ${plural(evidence.pages.length, 'page', 'pages')}`;
  const errors = evidence.errors.length > 0 ? `, ${plural(evidence.errors.length, 'page error', 'page errors')}` : '';
  return c.dim(`: ${observed}${errors}`);
}

function pageErrorLine(error: PageError, c: ChalkInstance): string {
  return `    ${c.red('!')} ${c.dim(error.kind)} ${clean(error.url)}${c.dim(':')} ${clean(error.message)}`;
}

function renderFindings(findings: Finding[], c: ChalkInstance): string[] {
  const paint: Record<Severity, (text: string) => string> = { error: c.red, warning: c.yellow, info: c.blue };
  return [...findings].sort(compareFindings).map((finding) => {
    const page = finding.page === undefined ? '' : c.dim(` · ${clean(finding.page)}`);
    const declaration = finding.declaration ? c.dim(` · ${declarationLabel(finding.declaration)}`) : '';
    const known = 'baseline' in finding && finding.baseline === 'known' ? c.dim(' · known (in the baseline)') : '';
    return `    ${paint[finding.severity](TAGS[finding.severity])}  ${c.dim(clean(finding.ruleId))}  ${clean(finding.message)}${page}${declaration}${known}`;
  });
}

/** Where the matching manifest entry is, so the reader can go and fix it. */
function declarationLabel(ref: DeclarationRef): string {
  const where = ref.location ? `at ${clean(ref.location.file)}:${ref.location.line}` : `as ${ref.kind} #${ref.index}`;
  return `declared ${ref.category} ${where}`;
}

function summaryLine(report: AuditReport, c: ChalkInstance): string {
  const { summary, options } = report;
  const scope = ` across ${plural(summary.sites, 'site', 'sites')} (${plural(options.phases.length, 'phase', 'phases')})`;
  const counts = severityCounts(summary.bySeverity);
  if (summary.exitCode === 3) {
    const why =
      summary.unreachableSites > 0
        ? `${summary.unreachableSites} of ${plural(summary.sites, 'site', 'sites')} unreachable`
        : `audit incomplete (${plural(summary.incomplete.length, 'page or phase', 'pages or phases')} not audited, listed above)`;
    return c.red(`✖ ${why}`) + (counts ? `; ${counts}` : '') + scope;
  }
  const baseline = summary.baseline
    ? ` (baseline: ${summary.baseline.new} new, ${summary.baseline.known} known, ${summary.baseline.fixed} fixed)`
    : '';
  if (summary.exitCode === 1) {
    return c.red(`✖ ${counts}`) + baseline + scope + ` — failing on ${summary.baseline ? 'new findings at ' : ''}${summary.failOn}`;
  }
  if (summary.baseline && summary.failOn !== 'never') {
    return c.green(`✔ No new findings at or above ${summary.failOn}`) + (counts ? ` (${counts})` : '') + baseline + scope;
  }
  if (summary.failOn === 'never') {
    return c.green('✔ ') + (counts ? `${counts}${scope} — not failing (--fail-on never)` : `No findings${scope}`);
  }
  const below = counts ? ` (${counts} below it)` : '';
  return c.green(`✔ No findings at or above ${summary.failOn}`) + below + scope;
}

/** "5 errors, 2 warnings, 1 info"; severities with no findings are left out; '' when there are none. */
function severityCounts(bySeverity: Record<Severity, number>): string {
  const parts = [
    bySeverity.error > 0 ? plural(bySeverity.error, 'error', 'errors') : '',
    bySeverity.warning > 0 ? plural(bySeverity.warning, 'warning', 'warnings') : '',
    bySeverity.info > 0 ? `${bySeverity.info} info` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
