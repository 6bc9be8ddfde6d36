/**
 * run.json beside sites.ndjson: what the run was asked (phases, options, its shard, its sites in list
 * order) and when it began. `--resume` checks a folder against it; `merge` builds the report of sites.ndjson
 * files from it, since the lines alone do not say which sites a shard still owed.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomically } from '../atomic-file.js';
import type { Severity } from '../audit/types.js';
import type { Phase } from '../evidence/types.js';
import { describeCode, errorCode, FileWriteError } from './sites-file.js';
import type { AuditReport } from './types.js';

export const RUN_FILE = 'run.json';

export interface RunRecord {
  tool: { name: 'cookie-audit'; version: string };
  /** ISO time the run first began (a resumed run keeps it). */
  generatedAt: string;
  phases: Phase[];
  includeValues: boolean;
  failOn: Severity | 'never';
  shard?: { index: number; count: number };
  device?: string;
  knowledge?: { trackerDatabase: { name: string; licence: string }; cookieDatabases: NonNullable<AuditReport['options']['cookieDatabases']> };
  /** The start URL of each site this run scans (its shard's, with --shard), in list order. */
  sites: string[];
}

export async function writeRunRecord(file: string, record: RunRecord): Promise<void> {
  try {
    await writeFileAtomically(file, JSON.stringify(record, null, 2) + '\n');
  } catch (error) {
    throw new FileWriteError(file, errorCode(error), error);
  }
}

/** The record, or undefined when there is none; a file that is not one throws with a readable reason. */
export async function readRunRecord(file: string): Promise<RunRecord | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file} (${describeCode(errorCode(error), error)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not JSON; it should be the run.json cookie-audit wrote beside sites.ndjson`);
  }
  const record = data as Partial<RunRecord>;
  if (typeof record !== 'object' || record === null || !Array.isArray(record.sites) || !Array.isArray(record.phases) || typeof record.generatedAt !== 'string') {
    throw new Error(`${file} is not a cookie-audit run.json (it lacks sites, phases or generatedAt)`);
  }
  return record as RunRecord;
}
