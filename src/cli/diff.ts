/** `cookie-audit diff <old> <new>`: prints what changed between two reports; exit 0 unless the input is bad. */
import { readFile } from 'node:fs/promises';
import { BaselineError } from '../report/baseline.js';
import { diffReports, parseReportFile, renderDiffMarkdown, renderDiffText } from '../report/diff.js';
import type { AuditReport } from '../report/types.js';
import { EXIT, usageError } from './errors.js';

export interface RawDiffOptions {
  format: string;
}

async function readReport(file: string): Promise<AuditReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw usageError(`${file}: cannot read it (${code}); give the path of a report.json written by cookie-audit scan`);
  }
  try {
    return parseReportFile(text, file);
  } catch (error) {
    if (error instanceof BaselineError) throw usageError(error.message);
    throw error;
  }
}

export async function runDiff(oldFile: string, newFile: string, options: RawDiffOptions): Promise<number> {
  const format = options.format.trim().toLowerCase();
  if (format !== 'console' && format !== 'md') throw usageError(`--format "${options.format}": diff prints console or md`);
  const diff = diffReports(await readReport(oldFile), await readReport(newFile), { old: oldFile, new: newFile });
  const text = format === 'md' ? renderDiffMarkdown(diff) : renderDiffText(diff);
  await new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
  return EXIT.ok;
}
