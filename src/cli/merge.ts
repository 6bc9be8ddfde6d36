/**
 * `cookie-audit merge <report.json...>`: the reports of `--shard i/n` jobs (or of separate runs over
 * different sites) joined into one report, rendered by the usual reporters. Sites are put back in list
 * order from the shard numbers; findings, summary and exit code are recomputed by the same report builder
 * a scan uses, so a merged report reads exactly like the report of one run over all the sites.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, Severity } from '../audit/types.js';
import { interleaveShards } from '../crawl/shard.js';
import { toolVersion } from '../package-info.js';
import { buildReport, type BuildReportInput } from '../report/build.js';
import type { AuditReport, ReportFinding, SiteReport } from '../report/types.js';
import { validateReport } from '../report/validate.js';
import { buildReportFrame, siteFacts, type SiteFacts } from '../report/build.js';
import { readRunRecord, RUN_FILE, type RunRecord } from '../report/run-file.js';
import { scanSiteLines, SITES_FILE, siteOfLine, withSiteEntries, type SiteEntry } from '../report/sites-file.js';
import { ReportWriteError, writeReports, writeReportsOfSites } from '../report/write.js';
import { sealFolder } from '../integrity/seal.js';
import { CliError, EXIT, usageError } from './errors.js';
import { parseFormatList, prepareOutDir } from './options.js';

export interface RawMergeOptions {
  out: string;
  format: string;
  color?: boolean;
}

async function readReport(file: string): Promise<AuditReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw usageError(`merge: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}); give the report.json of each shard`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw usageError(`merge: ${file} is not JSON; give the report.json files cookie-audit wrote`);
  }
  const problems = validateReport(data);
  if (problems.length > 0) throw usageError(`merge: ${file} is not a cookie-audit report.json: ${problems[0]}`);
  return data as AuditReport;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Reports in list order: by shard number when they carry one, else as given. */
function orderSites(files: readonly string[], reports: readonly AuditReport[]): SiteReport[] {
  const sharded = reports.map((r) => r.options.shard);
  if (sharded.every((s) => s === undefined)) return reports.flatMap((r) => r.sites);
  if (sharded.some((s) => s === undefined)) {
    const plain = files.filter((_, i) => sharded[i] === undefined);
    throw usageError(`merge: ${plain.join(', ')} ${plain.length > 1 ? 'were' : 'was'} not written with --shard but others were; merge the shards of one run`);
  }
  const count = sharded[0]!.count;
  const byIndex = new Map<number, AuditReport>();
  reports.forEach((report, i) => {
    const shard = report.options.shard!;
    if (shard.count !== count) throw usageError(`merge: ${files[i]} is shard ${shard.index}/${shard.count}, the others are of ${count}; merge the shards of one run`);
    if (byIndex.has(shard.index)) throw usageError(`merge: shard ${shard.index}/${count} is given twice (${files[i]}); give each shard's report once`);
    byIndex.set(shard.index, report);
  });
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0) {
    throw usageError(`merge: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')} missing; give the report.json of every shard`);
  }
  try {
    return interleaveShards(Array.from({ length: count }, (_, i) => byIndex.get(i + 1)!.sites));
  } catch (error) {
    throw usageError(`merge: the shards do not fit together (${(error as Error).message}); were they made from the same URL list?`);
  }
}

/** A finding without the flag a baseline comparison added: the merged report compares afresh. */
function plain(finding: ReportFinding): Finding {
  const { baseline: _flag, ...rest } = finding;
  return rest;
}

/** The merged report (pure: reports in, report out). */
export function mergeReports(files: readonly string[], reports: readonly AuditReport[]): AuditReport {
  const first = reports[0];
  if (!first) throw usageError('merge: no report given; pass the report.json of each shard');
  reports.forEach((report, i) => {
    if (report.schemaVersion !== first.schemaVersion) {
      throw usageError(`merge: ${files[i]} has report schema ${report.schemaVersion}, ${files[0]} has ${first.schemaVersion}; make them with the same cookie-audit version`);
    }
    for (const key of ['phases', 'includeValues', 'failOn'] as const) {
      if (!same(report.options[key], first.options[key])) {
        throw usageError(`merge: ${files[i]} was made with a different ${key} (${JSON.stringify(report.options[key])}) than ${files[0]} (${JSON.stringify(first.options[key])}); run every shard with the same options`);
      }
    }
  });
  const sites = orderSites(files, reports);
  const seen = new Set<string>();
  for (const site of sites) {
    if (seen.has(site.evidence.url)) throw usageError(`merge: site ${site.evidence.url} is in more than one report; each site must be in one shard only`);
    seen.add(site.evidence.url);
  }
  const findings = reports.flatMap((r) => r.findings);
  const input: BuildReportInput = {
    sites,
    findings: findings.map(plain),
    phases: first.options.phases,
    includeValues: first.options.includeValues,
    failOn: first.options.failOn as Severity | 'never',
    // The earliest shard's start: when the audit as a whole began.
    generatedAt: reports.map((r) => r.generatedAt).sort()[0]!,
    toolVersion,
  };
  if (first.options.device !== undefined) input.device = first.options.device;
  if (first.options.trackerDatabase && first.options.cookieDatabases) {
    input.knowledge = { trackerDatabase: first.options.trackerDatabase, cookieDatabases: first.options.cookieDatabases };
  }
  // The baseline each shard compared with: its known findings plus the ones it found fixed.
  const withBaseline = reports.filter((r) => r.baseline !== undefined);
  if (withBaseline.length > 0) {
    const known = findings.filter((f) => f.baseline === 'known').map(plain);
    const fixed = withBaseline.flatMap((r) => r.baseline?.fixed ?? []).map(plain);
    input.baseline = { file: withBaseline[0]!.baseline!.file, findings: [...known, ...fixed] };
  }
  return buildReport(input);
}

/** A streamed run's folder (or its sites.ndjson): the lines, and run.json beside them. */
function streamedRun(arg: string): { dir: string; sitesFile: string; runFile: string } | undefined {
  const isDir = existsSync(arg) && statSync(arg).isDirectory();
  const dir = isDir ? arg : path.basename(arg) === SITES_FILE ? path.dirname(arg) : undefined;
  if (dir === undefined) return undefined;
  const runFile = path.join(dir, RUN_FILE);
  if (!existsSync(runFile)) {
    if (isDir && existsSync(path.join(dir, 'report.json'))) return undefined;
    throw usageError(`merge: ${arg}: no ${RUN_FILE} beside ${SITES_FILE}; give the folders that cookie-audit scan --urls wrote`);
  }
  return { dir, sitesFile: path.join(dir, SITES_FILE), runFile };
}

/**
 * Merges the sites.ndjson of streamed runs (shards, possibly still unfinished): the sites in list order from
 * each run.json, each site's line read only when its report is written, so memory does not grow with the
 * fleet. A site no shard has finished yet is reported as not scanned (the audit is then incomplete, exit 3).
 */
async function mergeStreamed(args: string[], runs: Array<{ dir: string; sitesFile: string; runFile: string }>, raw: RawMergeOptions): Promise<number> {
  const records: RunRecord[] = [];
  for (const run of runs) {
    let record: RunRecord | undefined;
    try {
      record = await readRunRecord(run.runFile);
    } catch (error) {
      throw usageError(`merge: ${(error as Error).message}`);
    }
    records.push(record!);
  }
  const first = records[0]!;
  records.forEach((record, i) => {
    for (const key of ['phases', 'includeValues', 'failOn'] as const) {
      if (!same(record[key], first[key])) {
        throw usageError(`merge: ${args[i]} was made with a different ${key} (${JSON.stringify(record[key])}) than ${args[0]} (${JSON.stringify(first[key])}); run every shard with the same options`);
      }
    }
  });
  // The list order: the shards' site lists dealt back together, as for report.json files.
  const asReports = records.map((r) => ({ options: r.shard ? { shard: r.shard } : {}, sites: r.sites.map((url) => ({ evidence: { url } })) }) as unknown as AuditReport);
  const order = orderSites(args, asReports).map((s) => s.evidence.url);
  const seen = new Set<string>();
  for (const url of order) {
    if (seen.has(url)) throw usageError(`merge: site ${url} is in more than one run; each site must be in one shard only`);
    seen.add(url);
  }
  const found = new Map<string, { entry: SiteEntry; facts: SiteFacts; findings: Finding[] }>();
  for (const [i, run] of runs.entries()) {
    const own = new Set(records[i]!.sites);
    try {
      await scanSiteLines(run.sitesFile, ({ line, ref }) => {
        const url = line.evidence.url;
        if (!own.has(url) || found.has(url)) return;
        found.set(url, { entry: { file: run.sitesFile, ref }, facts: siteFacts(siteOfLine(line)), findings: line.findings });
      });
    } catch (error) {
      throw usageError(`merge: ${(error as Error).message}`);
    }
  }
  const done = order.map((url) => found.get(url)).filter((d) => d !== undefined);
  const notScanned = order.filter((url) => !found.has(url));
  const frame = buildReportFrame({
    facts: done.map((d) => d.facts),
    findings: done.flatMap((d) => d.findings),
    phases: first.phases,
    includeValues: first.includeValues,
    failOn: first.failOn,
    generatedAt: records.map((r) => r.generatedAt).sort()[0]!,
    toolVersion,
    ...(first.device === undefined ? {} : { device: first.device }),
    ...(first.knowledge === undefined ? {} : { knowledge: first.knowledge }),
    ...(notScanned.length > 0 ? { interrupted: { reason: `${notScanned.length} site(s) not finished by the runs merged; resume them with --resume`, notScanned } } : {}),
  });
  const formats = parseFormatList(raw.format);
  const outDir = prepareOutDir(raw.out);
  const color = raw.color !== false && process.stdout.isTTY === true && !process.env['NO_COLOR'];
  const entries = done.map((d) => d.entry);
  let written: string[];
  try {
    written = await withSiteEntries(entries, (read) => writeReportsOfSites(frame, { count: entries.length, read }, outDir, formats, { color, stdout: process.stdout }));
    written.push(...(await sealFolder(outDir)).files);
  } catch (error) {
    if (error instanceof ReportWriteError) throw reportWriteCliError(error, 'free space, then merge again');
    throw error;
  }
  process.stderr.write(`Merged ${runs.length} run${runs.length === 1 ? '' : 's'} (${done.length} of ${order.length} site${order.length === 1 ? '' : 's'} done).\n`);
  if (written.length > 0) process.stderr.write(`Reports: ${written.join(', ')}\n`);
  return frame.summary.exitCode;
}

/** Reports that could not be written: each named, and those that were (exit 3). */
export function reportWriteCliError(error: ReportWriteError, fix: string): CliError {
  const [head, ...rest] = error.failed.map((f) => `could not write ${f.file}: ${f.reason}`);
  return new CliError(head!, EXIT.unscannable, [
    ...rest.map((line) => `cookie-audit: ${line}`),
    `cookie-audit: ${error.written.length > 0 ? `written: ${error.written.join(', ')}` : 'no report file was written'}; ${fix}`,
  ]);
}

export async function runMerge(files: string[], raw: RawMergeOptions): Promise<number> {
  if (files.length === 0) throw usageError('merge: no report given; pass the report.json of each shard, e.g. cookie-audit merge shard-*/report.json');
  const streamed = files.map(streamedRun);
  if (streamed.some((s) => s !== undefined)) {
    const plainFiles = files.filter((_, i) => streamed[i] === undefined);
    if (plainFiles.length > 0) throw usageError(`merge: ${plainFiles.join(', ')} ${plainFiles.length > 1 ? 'are' : 'is a'} report.json, the others are run folders; give all as folders (or sites.ndjson) or all as report.json`);
    return mergeStreamed(files, streamed as Array<{ dir: string; sitesFile: string; runFile: string }>, raw);
  }
  const formats = parseFormatList(raw.format);
  const outDir = prepareOutDir(raw.out);
  const reports: AuditReport[] = [];
  for (const file of files) reports.push(await readReport(file));
  const report = mergeReports(files, reports);
  const color = raw.color !== false && process.stdout.isTTY === true && !process.env['NO_COLOR'];
  let written: string[];
  try {
    written = [...(await writeReports(report, outDir, formats, { color, stdout: process.stdout })), ...(await sealFolder(outDir)).files];
  } catch (error) {
    if (error instanceof ReportWriteError) throw reportWriteCliError(error, 'free space, then merge again');
    throw error;
  }
  process.stderr.write(`Merged ${reports.length} report${reports.length === 1 ? '' : 's'} (${report.sites.length} site${report.sites.length === 1 ? '' : 's'}).\n`);
  if (written.length > 0) process.stderr.write(`Reports: ${written.join(', ')}\n`);
  return report.summary.exitCode;
}
