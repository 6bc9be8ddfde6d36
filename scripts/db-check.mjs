#!/usr/bin/env node
// `npm run db:check [-- <open-cookie-database.csv>]`: coverage and agreement of the built-in known-cookie
// database with the Open Cookie Database. OCD is the CSV given, else the installed local database when
// `cookie-audit db update` installed it, else the shared copy beside the repository (../shared/data/...).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const load = (module) => import(join(root, 'dist', 'src', 'knowledge', module));
const { agreementText } = await load('agreement.js');
const { localDatabasePath, readBuiltInCookies, readLocalDatabase } = await load('files.js');
const { parseOpenCookieDatabase } = await load('open-cookie-database.js');

function openCookieDatabase() {
  const given = process.argv[2];
  if (given) return { entries: parseOpenCookieDatabase(readFileSync(given, 'utf8')).entries, label: given };
  const choice = localDatabasePath(undefined);
  const local = choice.path === undefined ? undefined : readLocalDatabase({ path: choice.path, explicit: false });
  if (local?.source?.name === 'Open Cookie Database') {
    const version = local.source.version?.commit ?? local.source.version?.etag ?? local.source.version?.lastModified ?? 'version unknown';
    return { entries: local.entries, label: `installed at ${choice.path} from ${local.source.url}, ${version}, retrieved ${local.source.retrieved}` };
  }
  const shared = join(root, '..', 'shared', 'data', 'open-cookie-database', 'open-cookie-database.csv');
  if (existsSync(shared)) return { entries: parseOpenCookieDatabase(readFileSync(shared, 'utf8')).entries, label: shared };
  return undefined;
}

try {
  process.stdout.write(agreementText(readBuiltInCookies().entries, openCookieDatabase()));
} catch (error) {
  process.stderr.write(`db:check: ${error.message}\n`);
  process.exitCode = 2;
}
