/**
 * Writes the chosen formats: files into --out, the console format to a stream. Every file is written
 * atomically (a temporary sibling, then rename), so a failed write leaves the earlier complete file; a
 * write that fails does not stop the others, and the error names each file that failed and each written.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { rememberWritten, writeFileAtomically } from '../atomic-file.js';
import { describeCode, errorCode } from './sites-file.js';
import type { AuditReport, Reporter, SiteReport } from './types.js';

export interface WriteOptions {
  color: boolean;
  /** Where stdout-only reporters (console) print; normally process.stdout. */
  stdout: NodeJS.WritableStream;
}

/** Some report files could not be written: which, why, and which were. */
export class ReportWriteError extends Error {
  constructor(
    readonly failed: Array<{ file: string; reason: string }>,
    readonly written: string[],
  ) {
    super(failed.map((f) => `could not write ${f.file}: ${f.reason}`).join('; '));
    this.name = 'ReportWriteError';
  }
}

/** Returns the paths of the files written (stdout output is not a path). */
export async function writeReports(
  report: AuditReport,
  outDir: string,
  formats: readonly Reporter[],
  options: WriteOptions,
): Promise<string[]> {
  return writeReportsOfSites({ ...report, sites: [] }, { count: report.sites.length, read: async (i) => report.sites[i]! }, outDir, formats, options);
}

/** The sites of a report, read one at a time (from sites.ndjson in a fleet), in report order. */
export interface SiteSource {
  count: number;
  read(index: number): Promise<SiteReport>;
}

/**
 * Writes the reports of `frame` (a report whose `sites` are left empty) with the sites of `source`.
 * report.json is streamed site by site, so its size never has to fit in memory; the other formats render
 * the whole report, which is then read into memory once (only when one of them is asked for).
 */
export async function writeReportsOfSites(
  frame: AuditReport,
  source: SiteSource,
  outDir: string,
  formats: readonly Reporter[],
  options: WriteOptions,
): Promise<string[]> {
  const streamed = formats.filter((r) => r.name === 'json');
  const rendered = formats.filter((r) => r.name !== 'json');
  let whole: AuditReport | undefined;
  if (rendered.length > 0) {
    const sites: SiteReport[] = [];
    for (let i = 0; i < source.count; i++) sites.push(await source.read(i));
    whole = { ...frame };
    whole.sites = sites;
  }
  // Render everything first: a reporter that throws leaves no half-written set of files behind.
  const texts = rendered.map((reporter) => ({ reporter, text: reporter.render(whole!, { color: options.color, outDir }) }));

  const jobs: Array<{ file: string; write: (file: string) => Promise<void> }> = [];
  for (const reporter of formats) {
    if (reporter.fileName === null) continue;
    const file = path.join(outDir, reporter.fileName);
    if (streamed.includes(reporter)) jobs.push({ file, write: (f) => writeJsonStreamed(f, frame, source) });
    else {
      const text = texts.find((t) => t.reporter === reporter)!.text;
      jobs.push({ file, write: (f) => writeFileAtomically(f, text) });
    }
  }
  if (jobs.length > 0) {
    try {
      await mkdir(outDir, { recursive: true });
    } catch (error) {
      throw new ReportWriteError([{ file: outDir, reason: describeCode(errorCode(error), error) }], []);
    }
  }
  const written: string[] = [];
  const failed: Array<{ file: string; reason: string }> = [];
  for (const job of jobs) {
    try {
      await job.write(job.file);
      written.push(job.file);
    } catch (error) {
      failed.push({ file: job.file, reason: describeCode(errorCode(error), error) });
    }
  }
  if (failed.length > 0) throw new ReportWriteError(failed, written);
  for (const { reporter, text } of texts) {
    if (reporter.fileName === null) await print(options.stdout, text);
  }
  return written;
}

const SITES_SLOT = '\n  "sites": [],\n';

/**
 * report.json as `JSON.stringify(report, null, 2)` would write it (byte for byte), the sites taken one at
 * a time. Atomic like every report: a temporary sibling, then rename.
 */
async function writeJsonStreamed(file: string, frame: AuditReport, source: SiteSource): Promise<void> {
  const text = JSON.stringify(frame, null, 2) + '\n';
  const slot = text.indexOf(SITES_SLOT);
  if (slot < 0) throw new Error('report frame without its sites slot');
  const temporary = `${file}.tmp-${process.pid}`;
  const handle = await open(temporary, 'w');
  try {
    let buffer = '';
    const put = async (piece: string, force = false) => {
      buffer += piece;
      if (buffer.length < 1 << 20 && !force) return;
      await handle.writeFile(buffer);
      buffer = '';
    };
    if (source.count === 0) await put(text, true);
    else {
      await put(text.slice(0, slot) + '\n  "sites": [');
      for (let i = 0; i < source.count; i++) {
        const site = JSON.stringify(await source.read(i), null, 2).replace(/\n/g, '\n    ');
        await put(`${i === 0 ? '' : ','}\n    ${site}`);
      }
      await put(`\n  ],\n${text.slice(slot + SITES_SLOT.length)}`, true);
    }
    await handle.close();
    await rename(temporary, file);
    rememberWritten(file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Resolves once the stream has taken the text, so a caller setting the exit code next loses nothing. */
function print(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
