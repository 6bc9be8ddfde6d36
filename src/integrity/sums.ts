/**
 * SHA256SUMS: the run's own list of what it wrote into --out, in the format `sha256sum` writes and
 * `sha256sum -c` reads ("<hex>  <path>", paths relative to the folder, '/' between folders). A file name
 * holding a backslash or a line break is escaped the way GNU coreutils does it (a leading '\' on the line).
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { filesWrittenUnder, writeFileAtomically } from '../atomic-file.js';

export const SUMS_FILE = 'SHA256SUMS';
/** The RFC 3161 time-stamp response for SUMS_FILE (`openssl ts -verify -in SHA256SUMS.tsr -data SHA256SUMS` reads it). */
export const TIMESTAMP_FILE = 'SHA256SUMS.tsr';

export interface SumEntry {
  /** Relative to the folder, '/' separated. */
  path: string;
  sha256: string;
}

export class SumsFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SumsFormatError';
  }
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function formatSums(entries: readonly SumEntry[]): string {
  return [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map(({ path, sha256 }) => {
      const escaped = path.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
      return `${escaped === path ? '' : '\\'}${sha256}  ${escaped}\n`;
    })
    .join('');
}

/** The entries of a SHA256SUMS text; a line that is not "<64 hex> <space or *><path>" is an error naming it. */
export function parseSums(text: string): SumEntry[] {
  const entries: SumEntry[] = [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    const match = /^(\\?)([0-9a-fA-F]{64}) [ *](.+)$/.exec(line);
    if (!match) throw new SumsFormatError(`line ${i + 1} is not "<sha256>  <file>"`);
    const raw = match[3] ?? '';
    const path = match[1] === '\\' ? raw.replace(/\\(\\|n|r)/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\')) : raw;
    entries.push({ path, sha256: (match[2] ?? '').toLowerCase() });
  });
  return entries;
}

function relativePath(dir: string, file: string): string {
  return relative(dir, file).split(sep).join('/');
}

/**
 * Writes SHA256SUMS over every file this process wrote into `dir` (the reports, screenshots, traffic records,
 * a published policy), the sums file and its time stamp excepted. Returns its path. Called last.
 */
export async function writeSums(dir: string): Promise<string> {
  const skip = new Set([SUMS_FILE, TIMESTAMP_FILE]);
  // A file written and later replaced or removed by the run (a report rewritten on resume) is what is there now, or nothing.
  const files = filesWrittenUnder(dir).filter((file) => !skip.has(relativePath(dir, file)) && existsSync(file));
  const entries = await Promise.all(files.map(async (file) => ({ path: relativePath(dir, file), sha256: await sha256File(file) })));
  const target = join(dir, SUMS_FILE);
  await writeFileAtomically(target, formatSums(entries));
  return target;
}

/** Every regular file under `dir`, relative and '/' separated, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const found = await readdir(dir, { recursive: true, withFileTypes: true });
  return found
    .filter((entry) => entry.isFile())
    .map((entry) => relativePath(dir, join(folderOf(entry, dir), entry.name)))
    .sort();
}

/** Dirent.parentPath came in Node 20.12; 20.10 has the same as `path`. */
function folderOf(entry: { parentPath?: string; path?: string }, dir: string): string {
  return entry.parentPath ?? entry.path ?? dir;
}

export interface FolderCheck {
  intact: string[];
  changed: string[];
  missing: string[];
  /** Files in the folder that SHA256SUMS does not list (SHA256SUMS and its time stamp aside). */
  added: string[];
}

/** Compares the folder with its SHA256SUMS entries. */
export async function checkFolder(dir: string, entries: readonly SumEntry[]): Promise<FolderCheck> {
  const present = new Set(await listFiles(dir));
  const listed = new Set(entries.map((e) => e.path));
  const check: FolderCheck = { intact: [], changed: [], missing: [], added: [] };
  for (const entry of entries) {
    if (!present.has(entry.path)) check.missing.push(entry.path);
    else if ((await sha256File(join(dir, ...entry.path.split('/')))) === entry.sha256) check.intact.push(entry.path);
    else check.changed.push(entry.path);
  }
  for (const file of present) {
    if (!listed.has(file) && file !== SUMS_FILE && file !== TIMESTAMP_FILE) check.added.push(file);
  }
  for (const list of Object.values(check)) list.sort();
  return check;
}
