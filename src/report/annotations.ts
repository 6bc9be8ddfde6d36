/**
 * GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`): each finding becomes an
 * annotation on the manifest line it concerns, shown on the pull request's changed files and the run.
 * With a baseline only new findings are annotated; known ones are in the step summary and reports.
 *
 * Escaping is the Actions toolkit's (@actions/core command.ts): in the message, % CR LF; in a property
 * value also : and , — so site text can neither end the command early nor start a new one on a new line.
 */
import path from 'node:path';
import type { Severity } from '../audit/types.js';
import { clean } from './console.js';
import { itemLabel } from './labels.js';
import type { AuditReport, ReportFinding } from './types.js';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warning: 'warning', info: 'notice' };

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command per finding; `workspace` is the folder annotation paths are relative to. */
export function renderAnnotations(report: AuditReport, workspace: string): string {
  const policyFiles = new Map(report.sites.map((site) => [site.evidence.url, site.policyFile]));
  const lines = report.findings
    .filter((finding) => finding.baseline !== 'known')
    .map((finding) => annotation(finding, policyFiles.get(finding.site) ?? null, workspace));
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function annotation(finding: ReportFinding, policyFile: string | null, workspace: string): string {
  const properties: string[] = [];
  const location = finding.declaration?.location ?? (policyFile === null ? undefined : { file: policyFile, line: 1 });
  if (location && !/^[a-z][a-z0-9+.-]*:\/\//i.test(location.file)) {
    const relative = path.relative(workspace, path.resolve(workspace, location.file)).split(path.sep).join('/');
    properties.push(`file=${escapeProperty(relative)}`, `line=${location.line}`);
  }
  properties.push(`title=${escapeProperty(clean(`${finding.ruleId}: ${itemLabel(finding.item)}`))}`);
  const where = [finding.phase ? `phase ${finding.phase}` : 'manifest', finding.page ? `page ${finding.page}` : ''].filter(Boolean).join(', ');
  const message = clean(`${finding.message} (${where}; site ${finding.site})`);
  return `::${COMMAND[finding.severity] ?? 'warning'} ${properties.join(',')}::${escapeData(message)}`;
}
