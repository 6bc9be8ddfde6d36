/**
 * Running under GitHub Actions: annotations for new findings (GITHUB_ACTIONS=true) and the Markdown
 * report appended to the job summary ($GITHUB_STEP_SUMMARY) when the md format was asked for.
 * Outside Actions this does nothing.
 */
import { appendFile } from 'node:fs/promises';
import { renderAnnotations } from '../report/annotations.js';
import type { AuditReport, Reporter } from '../report/types.js';

export async function publishToGitHub(
  report: AuditReport,
  formats: readonly Reporter[],
  env: NodeJS.ProcessEnv,
  stdout: NodeJS.WritableStream,
  log: (line: string) => void,
): Promise<void> {
  if (env['GITHUB_ACTIONS'] === 'true') {
    const annotations = renderAnnotations(report, env['GITHUB_WORKSPACE'] || process.cwd());
    if (annotations) await new Promise<void>((resolve, reject) => stdout.write(annotations, (e) => (e ? reject(e) : resolve())));
  }
  const summaryFile = env['GITHUB_STEP_SUMMARY'];
  const markdown = formats.find((reporter) => reporter.name === 'md');
  if (summaryFile && markdown) {
    try {
      await appendFile(summaryFile, markdown.render(report, { color: false }) + '\n', 'utf8');
    } catch (error) {
      // The reports are written; a summary that cannot be appended must not fail the audit.
      log(`cookie-audit: could not append the summary to GITHUB_STEP_SUMMARY (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
}
