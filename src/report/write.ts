/** Writes the chosen formats: files into --out, the console format to a stream. */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomically } from '../atomic-file.js';
import type { AuditReport, Reporter } from './types.js';

export interface WriteOptions {
  color: boolean;
  /** Where stdout-only reporters (console) print; normally process.stdout. */
  stdout: NodeJS.WritableStream;
}

/** Returns the paths of the files written (stdout output is not a path). */
export async function writeReports(
  report: AuditReport,
  outDir: string,
  formats: readonly Reporter[],
  options: WriteOptions,
): Promise<string[]> {
  // Render everything first: a reporter that throws leaves no half-written set of files behind.
  const rendered = formats.map((reporter) => ({ reporter, text: reporter.render(report, { color: options.color, outDir }) }));

  const files = rendered.flatMap(({ reporter, text }) =>
    reporter.fileName === null ? [] : [{ file: path.join(outDir, reporter.fileName), text }],
  );
  if (files.length > 0) await mkdir(outDir, { recursive: true });
  for (const { file, text } of files) await writeFileAtomically(file, text);
  for (const { reporter, text } of rendered) {
    if (reporter.fileName === null) await print(options.stdout, text);
  }
  return files.map(({ file }) => file);
}

/** Resolves once the stream has taken the text, so a caller setting the exit code next loses nothing. */
function print(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
