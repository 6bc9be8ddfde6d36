/** `cookie-audit db import <open-cookie-database.csv>`: merge the Open Cookie Database into the local known-cookie database. */
import { readFile } from 'node:fs/promises';
import { CsvSyntaxError } from '../knowledge/csv.js';
import { DatabaseFileError, localDatabasePath, readLocalDatabase, writeLocalDatabase } from '../knowledge/files.js';
import { mergeEntries, OpenCookieDatabaseError, parseOpenCookieDatabase } from '../knowledge/open-cookie-database.js';
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
