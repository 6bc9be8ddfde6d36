import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DatabaseFileError,
  localDatabasePath,
  parseKnownCookieFile,
  readLocalDatabase,
  writeLocalDatabase,
} from '../../src/knowledge/files.js';
import { loadKnowledge } from '../../src/knowledge/knowledge.js';

const temp = () => mkdtempSync(join(tmpdir(), 'cookie-audit-db-'));

describe('where the local known-cookie database is', () => {
  it('is --cookie-db when given, else $COOKIE_AUDIT_DB, else ~/.cookie-audit/cookies.json', () => {
    expect(localDatabasePath('/x/db.json', { COOKIE_AUDIT_DB: '/env.json' }, '/home/me')).toEqual({ path: '/x/db.json', explicit: true });
    expect(localDatabasePath(undefined, { COOKIE_AUDIT_DB: '/env.json' }, '/home/me')).toEqual({ path: '/env.json', explicit: false });
    expect(localDatabasePath(undefined, {}, '/home/me')).toEqual({ path: join('/home/me', '.cookie-audit', 'cookies.json'), explicit: false });
  });

  it('is none at all when $COOKIE_AUDIT_DB is set but empty', () => {
    expect(localDatabasePath(undefined, { COOKIE_AUDIT_DB: '' }, '/home/me')).toEqual({ path: undefined, explicit: false });
  });
});

describe('reading and writing the local database', () => {
  it('writes a file that reads back the same', () => {
    const file = join(temp(), 'nested', 'cookies.json');
    const db = { version: 1 as const, entries: [{ pattern: '_x', match: 'exact' as const, vendor: 'X', category: 'analytics' as const }] };
    writeLocalDatabase(file, db);
    expect(readLocalDatabase({ path: file, explicit: true })).toEqual(db);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('skips a default-location file that does not exist, but not one named with --cookie-db', () => {
    const missing = join(temp(), 'none.json');
    expect(readLocalDatabase({ path: missing, explicit: false })).toBeUndefined();
    expect(() => readLocalDatabase({ path: missing, explicit: true })).toThrow(/--cookie-db .*none\.json: no such file; create it with cookie-audit db import/);
  });

  it('names the file and the problem when it is broken', () => {
    const file = join(temp(), 'broken.json');
    writeFileSync(file, '{ "version": 1, ');
    expect(() => readLocalDatabase({ path: file, explicit: false })).toThrow(DatabaseFileError);
    expect(() => readLocalDatabase({ path: file, explicit: false })).toThrow(/broken\.json: the local cookie database is not valid JSON/);
    expect(() => parseKnownCookieFile({ version: 1, entries: [{ pattern: 'a', match: 'regex', vendor: 'V', category: 'analytics' }] }, 'db.json')).toThrow(
      'db.json: entries[0].match must be one of exact, prefix, glob; fix the file or re-create it with cookie-audit db import',
    );
    expect(() => parseKnownCookieFile({ version: 2, entries: [] }, 'db.json')).toThrow(/"version" must be 1/);
    expect(() => parseKnownCookieFile({ version: 1, entries: [{ pattern: 'a', match: 'exact', vendor: 'V', category: 'ads' }] }, 'db.json')).toThrow(/entries\[0\]\.category must be one of necessary, functional, analytics, marketing/);
  });
});

describe('loadKnowledge', () => {
  it('uses the built-in databases, plus the local one after them', async () => {
    const file = join(temp(), 'cookies.json');
    writeLocalDatabase(file, { version: 1, entries: [{ pattern: 'my_cookie', match: 'exact', vendor: 'Me', category: 'functional' }, { pattern: '_ga', match: 'exact', vendor: 'Local GA', category: 'marketing' }] });
    const knowledge = await loadKnowledge({ cookieDb: file });
    expect(knowledge.cookieDatabases.map((d) => d.name)).toEqual(['built-in', file]);
    expect(knowledge.cookieDatabases[0]!.entries).toBeGreaterThan(50);
    expect(knowledge.cookie('my_cookie')).toMatchObject({ vendor: 'Me', database: file });
    // Equally specific: the built-in entry wins.
    expect(knowledge.cookie('_ga')).toMatchObject({ vendor: 'Google Analytics', database: 'built-in' });
    expect(knowledge.tracker('www.google-analytics.com')).toMatchObject({ organisation: 'Google', category: 'analytics', source: 'cookie-audit' });
    expect(knowledge.trackerDatabase.name).toBe('cookie-audit');
  });

  it('reads $COOKIE_AUDIT_DB when no --cookie-db is given, and nothing when it is empty', async () => {
    const file = join(temp(), 'env.json');
    writeLocalDatabase(file, { version: 1, entries: [{ pattern: 'env_cookie', match: 'exact', vendor: 'Env', category: 'analytics' }] });
    expect((await loadKnowledge({ env: { COOKIE_AUDIT_DB: file } })).cookie('env_cookie')?.vendor).toBe('Env');
    expect((await loadKnowledge({ env: { COOKIE_AUDIT_DB: '' } })).cookieDatabases.map((d) => d.name)).toEqual(['built-in']);
  });
});
