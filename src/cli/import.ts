/**
 * `cookie-audit import <file.har | wec-output-folder>`: evidence recorded elsewhere (a browser's HAR export,
 * Playwright's recordHar, an --evidence HAR, or the EDPS Website Evidence Collector's output folder),
 * audited by the same rules and written as the same reports. Exit codes as for scan (0, 1, 3; 2 bad input).
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { evidenceFromHar, ImportError, readHarLog } from '../evidence/import/har.js';
import { evidenceFromWec, type WecInspection } from '../evidence/import/wec.js';
import type { HarEntry } from '../evidence/har.js';
import { PHASES, type Phase, type SiteEvidence } from '../evidence/types.js';
import { TimestampError } from '../integrity/timestamp.js';
import { reportEvidence } from '../pipeline.js';
import { emptyPolicy, loadPolicy, PolicyLoadError } from '../policy/load.js';
import { readBaselineFile } from './baseline.js';
import { CliError, EXIT, usageError } from './errors.js';
import { loadCliKnowledge } from './knowledge.js';
import { parseFailOn, parseFormatList, parseTimestampUrl, prepareOutDir } from './options.js';
import { policyCliError } from './validate.js';

export interface RawImportOptions {
  policy?: string;
  phase: string;
  out: string;
  format: string;
  failOn: string;
  includeValues?: boolean;
  timestamp?: string;
  baseline?: string;
  trackers?: string;
  cookieDb?: string;
  color?: boolean;
}

async function readJson(file: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw usageError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'}); give ${what}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw usageError(`${file}: not JSON (${(error as Error).message.split('\n')[0]}); give ${what}`);
  }
}

/** The evidence in a HAR file, a WEC output folder, or WEC's inspection.json itself. */
async function readEvidence(source: string, phase: Phase, includeValues: boolean): Promise<SiteEvidence> {
  const kind = await stat(source).then(
    (s) => (s.isDirectory() ? 'folder' : 'file'),
    () => undefined,
  );
  if (kind === undefined) throw usageError(`${source}: no such file or folder; give a .har file or the output folder of website-evidence-collector`);
  const options = { file: source, phase, includeValues };
  if (kind === 'folder') {
    const inspectionFile = join(source, 'inspection.json');
    const inspection = (await stat(inspectionFile).then(() => true, () => false))
      ? ((await readJson(inspectionFile, 'the output folder of website-evidence-collector')) as WecInspection)
      : undefined;
    if (!inspection) throw usageError(`${source}: no inspection.json in it; give the output folder of website-evidence-collector (run it with --output), or a .har file`);
    const harFile = join(source, 'requests.har');
    const har = (await stat(harFile).then(() => true, () => false)) ? readHarLog(await readJson(harFile, 'WEC\'s requests.har'), harFile).entries : undefined;
    return evidenceFromWec(inspection, har as HarEntry[] | undefined, { ...options, inspectionFile });
  }
  const data = await readJson(source, 'a .har file or WEC\'s inspection.json');
  if (typeof data === 'object' && data !== null && 'uri_ins' in data && 'cookies' in data) {
    return evidenceFromWec(data as WecInspection, undefined, { ...options, inspectionFile: source });
  }
  return evidenceFromHar(data, options);
}

export async function runImport(source: string, raw: RawImportOptions): Promise<number> {
  const phase = raw.phase.trim() as Phase;
  if (!(PHASES as readonly string[]).includes(phase)) throw usageError(`--phase "${raw.phase}": the record shows one phase; choose one of ${PHASES.join(', ')} (pre: before any consent answer)`);
  const formats = parseFormatList(raw.format);
  const failOn = parseFailOn(raw.failOn);
  const timestampUrl = raw.timestamp === undefined ? undefined : parseTimestampUrl(raw.timestamp);
  let policy = emptyPolicy();
  if (raw.policy !== undefined) {
    try {
      policy = await loadPolicy(raw.policy);
    } catch (error) {
      if (error instanceof PolicyLoadError) throw policyCliError(error);
      throw error;
    }
  }
  const knowledge = await loadCliKnowledge(raw);
  const baseline = raw.baseline === undefined ? undefined : await readBaselineFile(raw.baseline);
  let evidence: SiteEvidence;
  try {
    evidence = await readEvidence(source, phase, raw.includeValues === true);
  } catch (error) {
    if (error instanceof ImportError) throw usageError(error.message);
    throw error;
  }
  const outDir = prepareOutDir(raw.out);
  const color = raw.color !== false && process.stdout.isTTY === true && !process.env['NO_COLOR'];
  const storageUnseen = evidence.imported?.format === 'har';
  let result;
  try {
    result = await reportEvidence([evidence], {
      policy,
      hasPolicy: raw.policy !== undefined,
      phases: [phase],
      outDir,
      formats,
      failOn,
      includeValues: raw.includeValues === true,
      color,
      stdout: process.stdout,
      knowledge,
      ...(baseline ? { baseline } : {}),
      ...(timestampUrl === undefined ? {} : { timestampUrl }),
      generatedAt: new Date().toISOString(),
      // A HAR cannot show storage: "declared but not observed" about storage would be a verdict on nothing.
      ...(storageUnseen ? { keepFinding: (f) => !(f.ruleId === 'declared-not-observed' && f.declaration?.kind === 'storage') } : {}),
    });
  } catch (error) {
    if (error instanceof TimestampError) {
      throw new CliError(`the reports and SHA256SUMS are written in ${outDir}, but not time-stamped: ${error.message}; check the --timestamp URL, or run without it`, EXIT.unscannable);
    }
    throw error;
  }
  for (const line of evidence.imported?.cannotKnow ?? []) process.stderr.write(`Not in the record: ${line}\n`);
  if (result.files.length > 0) process.stderr.write(`Reports: ${result.files.join(', ')}\n`);
  return result.report.summary.exitCode;
}
