/**
 * `cookie-audit merge <report.json...>`: the reports of `--shard i/n` jobs (or of separate runs over
 * different sites) joined into one report, rendered by the usual reporters. Sites are put back in list
 * order from the shard numbers; findings, summary and exit code are recomputed by the same report builder
 * a scan uses, so a merged report reads exactly like the report of one run over all the sites.
 */
import { readFile } from 'node:fs/promises';
import type { Finding, Severity } from '../audit/types.js';
import { interleaveShards } from '../crawl/shard.js';
import { toolVersion } from '../package-info.js';
import { buildReport, type BuildReportInput } from '../report/build.js';
import type { AuditReport, ReportFinding, SiteReport } from '../report/types.js';
import { validateReport } from '../report/validate.js';
import { writeReports } from '../report/write.js';
import { sealFolder } from '../integrity/seal.js';
import { usageError } from './errors.js';
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

export async function runMerge(files: string[], raw: RawMergeOptions): Promise<number> {
  if (files.length === 0) throw usageError('merge: no report given; pass the report.json of each shard, e.g. cookie-audit merge shard-*/report.json');
  const formats = parseFormatList(raw.format);
  const outDir = prepareOutDir(raw.out);
  const reports: AuditReport[] = [];
  for (const file of files) reports.push(await readReport(file));
  const report = mergeReports(files, reports);
  const color = raw.color !== false && process.stdout.isTTY === true && !process.env['NO_COLOR'];
  const written = [...(await writeReports(report, outDir, formats, { color, stdout: process.stdout })), ...(await sealFolder(outDir)).files];
  process.stderr.write(`Merged ${reports.length} report${reports.length === 1 ? '' : 's'} (${report.sites.length} site${report.sites.length === 1 ? '' : 's'}).\n`);
  if (written.length > 0) process.stderr.write(`Reports: ${written.join(', ')}\n`);
  return report.summary.exitCode;
}
