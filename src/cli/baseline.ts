/** --baseline <report.json>: read before any browser starts, so a wrong path costs nothing. */
import { readFile } from 'node:fs/promises';
import type { Finding } from '../audit/types.js';
import { BaselineError, parseBaseline } from '../report/baseline.js';
import { usageError } from './errors.js';

export async function readBaselineFile(file: string): Promise<{ file: string; findings: Finding[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw usageError(`--baseline ${file}: cannot read it (${code}); give the report.json of an earlier scan`);
  }
  try {
    return { file, findings: parseBaseline(text, `--baseline ${file}`) };
  } catch (error) {
    if (error instanceof BaselineError) throw usageError(error.message);
    throw error;
  }
}
