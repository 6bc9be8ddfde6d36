/**
 * `cookie-audit verify <dir>`: are the files of a run still as it wrote them? Exit 0 when every file listed
 * in SHA256SUMS is intact, nothing is missing or added, and the time stamp (if any) stamps this SHA256SUMS;
 * 1 naming each file that is not; 2 when the folder or its SHA256SUMS cannot be read.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { checkFolder, parseSums, SUMS_FILE, SumsFormatError, TIMESTAMP_FILE, type SumEntry } from '../integrity/sums.js';
import { checkTimestamp } from '../integrity/timestamp.js';
import { EXIT, usageError } from './errors.js';

async function readOrNull(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw usageError(`${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

export async function runVerify(dir: string): Promise<number> {
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw usageError(`${dir}: no such folder; give the --out folder of a cookie-audit run`);
  const sumsText = await readOrNull(join(dir, SUMS_FILE));
  if (sumsText === null) throw usageError(`${dir}: no ${SUMS_FILE} there; verify checks a folder written by cookie-audit scan or import (0.2 or later)`);
  let entries: SumEntry[];
  try {
    entries = parseSums(sumsText.toString('utf8'));
  } catch (error) {
    if (error instanceof SumsFormatError) throw usageError(`${join(dir, SUMS_FILE)}: ${error.message}; it is not a SHA256SUMS file cookie-audit wrote`);
    throw error;
  }
  const check = await checkFolder(dir, entries);
  const lines: string[] = [];
  for (const file of check.changed) lines.push(`changed: ${file}`);
  for (const file of check.missing) lines.push(`missing: ${file}`);
  for (const file of check.added) lines.push(`added: ${file} (not listed in ${SUMS_FILE})`);
  const reply = await readOrNull(join(dir, TIMESTAMP_FILE));
  let stamped = '';
  if (reply !== null) {
    const result = await checkTimestamp(reply, sumsText);
    if (result.ok) stamped = `; ${SUMS_FILE} time-stamped ${result.facts.genTime} by ${result.facts.signer} (serial ${result.facts.serial})`;
    else lines.push(`changed: ${TIMESTAMP_FILE} does not vouch for ${SUMS_FILE}: ${result.reason}`);
  }
  const out = lines.length === 0 ? `intact: ${check.intact.length} file(s) match ${SUMS_FILE}${stamped}\n` : `${lines.join('\n')}\n${dir}: ${lines.length} problem(s); ${check.intact.length} file(s) intact\n`;
  await new Promise<void>((resolve, reject) => process.stdout.write(out, (e) => (e ? reject(e) : resolve())));
  return lines.length === 0 ? EXIT.ok : EXIT.findings;
}
