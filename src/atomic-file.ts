/**
 * Writing a file so that readers (CI uploaders, a watching editor, a report being compared, an auditor
 * opening a screenshot) never see it half-written: the data goes to a temporary sibling first, and rename()
 * replaces the old file in one step. Used by the reports, the consent screenshots and the traffic records.
 *
 * Every file written here is remembered for the life of the process: the run's SHA256SUMS (src/integrity)
 * covers exactly the files this run wrote into --out, not whatever else the folder holds.
 */
import { readdirSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';

const written = new Set<string>();

export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, file);
    written.add(resolve(file));
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** A file this process wrote another way (appended line by line, streamed to a temporary sibling): SHA256SUMS covers it too. */
export function rememberWritten(file: string): void {
  written.add(resolve(file));
}

/** Every file already in `dir` (a resumed run's folder: the earlier process's files are this run's too). */
export function rememberFolder(dir: string): void {
  const walk = (folder: string): void => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !/^SHA256SUMS(?:\.tsr)?$/.test(entry.name) && !/\.tmp-\d+$/.test(entry.name)) written.add(resolve(path));
    }
  };
  walk(dir);
}

/** Absolute paths of the files this process wrote (through writeFileAtomically) inside `dir`, sorted. */
export function filesWrittenUnder(dir: string): string[] {
  const root = resolve(dir) + sep;
  return [...written].filter((file) => file.startsWith(root)).sort();
}
