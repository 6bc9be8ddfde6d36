/** `cookie-audit db import|update|status`: the local known-cookie database (the Open Cookie Database, merged from a file or installed from where it is published). */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CsvSyntaxError } from '../knowledge/csv.js';
import { DatabaseFileError, localDatabasePath, readLocalDatabase, writeLocalDatabase } from '../knowledge/files.js';
import { mergeEntries, OpenCookieDatabaseError, parseOpenCookieDatabase } from '../knowledge/open-cookie-database.js';
import type { DatabaseSource } from '../knowledge/types.js';
import { EXIT, usageError } from './errors.js';

export async function runDbImport(csvFile: string, raw: { cookieDb?: string }): Promise<number> {
  const choice = localDatabasePath(raw.cookieDb);
  if (choice.path === undefined) {
    throw usageError('COOKIE_AUDIT_DB is set but empty, so there is no local database to import into; give --cookie-db <file>');
  }
  let text: string;
  try {
    text = await readFile(csvFile, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw usageError(`${csvFile}: cannot read the CSV (${code}); give the path of open-cookie-database.csv`);
  }
  let parsed;
  try {
    parsed = parseOpenCookieDatabase(text);
  } catch (error) {
    if (error instanceof OpenCookieDatabaseError || error instanceof CsvSyntaxError) throw usageError(`${csvFile}: ${error.message}`);
    throw error;
  }
  try {
    // An existing local file must be readable: importing over a broken one would lose what it held.
    const existing = readLocalDatabase({ path: choice.path, explicit: false });
    const merged = mergeEntries(existing, parsed.entries);
    writeLocalDatabase(choice.path, merged.database);
    const skipped = parsed.skipped.length === 0 ? '' : `; ${parsed.skipped.length} row(s) skipped`;
    const duplicates = merged.duplicates === 0 ? '' : `; ${merged.duplicates} duplicate row(s) ignored`;
    process.stdout.write(
      `Imported ${parsed.entries.length} entr${parsed.entries.length === 1 ? 'y' : 'ies'} from ${csvFile} into ${choice.path}: ` +
        `${merged.added} added, ${merged.updated} updated, ${merged.unchanged} unchanged${duplicates}${skipped}. ` +
        `The database now holds ${merged.database.entries.length} entr${merged.database.entries.length === 1 ? 'y' : 'ies'}.\n`,
    );
    for (const row of parsed.skipped.slice(0, 10)) process.stderr.write(`  skipped row ${row.record}: ${row.reason}\n`);
    if (parsed.skipped.length > 10) process.stderr.write(`  … and ${parsed.skipped.length - 10} more\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof DatabaseFileError) throw usageError(error.message);
    throw error;
  }
}

/** `cookie-audit db update [--from <url|file>]`: install the Open Cookie Database as the local database. */
export async function runDbUpdate(raw: { from?: string; cookieDb?: string }): Promise<number> {
  const { OCD_DEFAULT_URL, OcdUpdateError, checkRows, fetchCsv, installedDatabase } = await import('../knowledge/ocd-update.js');
  const { writeFileAtomically } = await import('../atomic-file.js');
  const choice = localDatabasePath(raw.cookieDb);
  if (choice.path === undefined) {
    throw usageError('COOKIE_AUDIT_DB is set but empty, so there is no local database to install into; give --cookie-db <file>');
  }
  const from = raw.from ?? OCD_DEFAULT_URL;
  try {
    // The installed copy must be readable first: it is what the sanity check compares with, and what a failure keeps.
    const previous = readLocalDatabase({ path: choice.path, explicit: false });
    const fetched = await fetchCsv(from);
    let rows;
    try {
      rows = parseOpenCookieDatabase(fetched.text);
    } catch (error) {
      if (error instanceof OpenCookieDatabaseError || error instanceof CsvSyntaxError) throw new OcdUpdateError(`${from}: ${error.message}`);
      throw error;
    }
    checkRows(rows, from, previous);
    const db = installedDatabase(rows, fetched, new Date());
    try {
      await mkdir(dirname(choice.path), { recursive: true });
      await writeFileAtomically(choice.path, `${JSON.stringify(db, null, 2)}\n`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new OcdUpdateError(`${choice.path}: cannot write the local cookie database (${code}); choose a writable path with --cookie-db <file>`);
    }
    const version = describeVersion(db.source?.version);
    const skipped = rows.skipped.length === 0 ? '' : ` (${rows.skipped.length} row(s) skipped)`;
    process.stdout.write(`Installed the Open Cookie Database (${db.source?.licence}) from ${from}${version}: ${db.entries.length} entries${skipped} in ${choice.path}.\n`);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof OcdUpdateError || error instanceof DatabaseFileError) throw usageError(error.message);
    throw error;
  }
}

function describeVersion(version: DatabaseSource['version']): string {
  if (version === undefined) return '';
  const parts = [
    ...(version.commit === undefined ? [] : [`commit ${version.commit.slice(0, 12)}`]),
    ...(version.etag === undefined ? [] : [`ETag ${version.etag}`]),
    ...(version.lastModified === undefined ? [] : [`last modified ${version.lastModified}`]),
  ];
  return parts.length === 0 ? '' : `, ${parts.join(', ')}`;
}

/** "3 days", "5 hours": how old a copy is, in the largest whole unit. */
export function age(since: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  const units: Array<[number, string]> = [[60 * 24, 'day'], [60, 'hour'], [1, 'minute']];
  for (const [size, unit] of units) {
    const n = Math.floor(minutes / size);
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'}`;
  }
  return 'less than a minute';
}

/** `cookie-audit db status`: which known-cookie databases a scan would use, where they came from and how old they are. */
export async function runDbStatus(raw: { cookieDb?: string }): Promise<number> {
  const { readBuiltInCookies } = await import('../knowledge/files.js');
  const { OCD_DEFAULT_URL } = await import('../knowledge/ocd-update.js');
  const lines = [`built-in: ${readBuiltInCookies().entries.length} entries (rules/known-cookies.json)`];
  const choice = localDatabasePath(raw.cookieDb);
  try {
    const local = choice.path === undefined ? undefined : readLocalDatabase({ path: choice.path, explicit: false });
    if (choice.path === undefined) lines.push('local: none (COOKIE_AUDIT_DB is set but empty)');
    else if (local === undefined) lines.push(`local: none at ${choice.path}; install the Open Cookie Database with cookie-audit db update (from ${OCD_DEFAULT_URL})`);
    else if (local.source === undefined) lines.push(`local: ${choice.path}, ${local.entries.length} entries (imported with cookie-audit db import; no source recorded)`);
    else {
      const retrieved = new Date(local.source.retrieved);
      const when = Number.isNaN(retrieved.getTime()) ? local.source.retrieved : `${local.source.retrieved}, ${age(retrieved, new Date())} old`;
      lines.push(
        `local: ${choice.path}, ${local.entries.length} entries`,
        `  source: ${local.source.name} (${local.source.licence}) from ${local.source.url}${describeVersion(local.source.version)}`,
        `  retrieved: ${when}`,
      );
    }
  } catch (error) {
    if (error instanceof DatabaseFileError) throw usageError(error.message);
    throw error;
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}
