/** The pure parts of `db update`: which proxy a URL goes through, the commit a URL pins, the sanity check, the installed file. */
import { describe, expect, it } from 'vitest';
import { age } from '../../src/cli/db.js';
import { checkRows, commitInUrl, installedDatabase, OcdUpdateError, proxyFor } from '../../src/knowledge/ocd-update.js';
import { parseOpenCookieDatabase } from '../../src/knowledge/open-cookie-database.js';
import { SMALL_OCD } from './ocd-copy.js';

describe('the proxy for a download, as curl reads the environment', () => {
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128', http_proxy: 'http://plain.corp:8080', NO_PROXY: 'localhost,.internal.example,mirror.example' };
  it('uses HTTPS_PROXY for https and HTTP_PROXY (either case) for http', () => {
    expect(proxyFor('https://raw.githubusercontent.com/x.csv', env)).toBe('http://proxy.corp:3128');
    expect(proxyFor('http://raw.githubusercontent.com/x.csv', env)).toBe('http://plain.corp:8080');
  });
  it('skips hosts NO_PROXY lists, their subdomains, and everything for *', () => {
    expect(proxyFor('https://mirror.example/x.csv', env)).toBeUndefined();
    expect(proxyFor('https://a.internal.example/x.csv', env)).toBeUndefined();
    expect(proxyFor('https://notmirror.example/x.csv', env)).toBe('http://proxy.corp:3128');
    expect(proxyFor('https://any.example/x.csv', { ...env, NO_PROXY: '*' })).toBeUndefined();
    expect(proxyFor('https://any.example/x.csv', {})).toBeUndefined();
  });
});

describe('checking and installing what was downloaded', () => {
  const rows = parseOpenCookieDatabase(SMALL_OCD);
  it('records a commit pinned in a raw GitHub URL, not a branch', () => {
    expect(commitInUrl('https://raw.githubusercontent.com/jkwakman/Open-Cookie-Database/0EE5A17FE1CB002943F89370D24FC26A4226061C/open-cookie-database.csv')).toBe('0ee5a17fe1cb002943f89370d24fc26a4226061c');
    expect(commitInUrl('https://raw.githubusercontent.com/jkwakman/Open-Cookie-Database/master/open-cookie-database.csv')).toBeUndefined();
  });
  it('refuses an empty file, mostly unusable rows, and a copy a fraction of the installed one', () => {
    expect(() => checkRows({ entries: [], skipped: [] }, 'x.csv', undefined)).toThrow(OcdUpdateError);
    expect(() => checkRows({ entries: rows.entries.slice(0, 1), skipped: [{ record: 2, reason: 'bad' }, { record: 3, reason: 'bad' }] }, 'x.csv', undefined)).toThrow(/2 of 3 rows are unusable \(first: row 2, bad\)/);
    const installed = installedDatabase(rows, { text: '', from: 'x.csv', version: {} }, new Date('2026-01-21T10:00:00Z'));
    expect(() => checkRows({ entries: rows.entries.slice(0, 2), skipped: [] }, 'y.csv', installed)).toThrow(/only 2 entries where the installed copy has 6/);
    expect(() => checkRows(rows, 'y.csv', installed)).not.toThrow();
    // A local database of one's own (db import, no OCD source) is no yardstick.
    expect(() => checkRows({ entries: rows.entries.slice(0, 1), skipped: [] }, 'y.csv', { version: 1, entries: installed.entries })).not.toThrow();
  });
  it('installs each name and domains once, with its source, version, date and licence', () => {
    const twice = { entries: [...rows.entries, ...rows.entries], skipped: [] };
    const db = installedDatabase(twice, { text: '', from: 'https://m.example/ocd.csv', version: { etag: '"e1"' } }, new Date('2026-01-21T10:00:00Z'));
    expect(db.entries).toHaveLength(6);
    expect(db.source).toEqual({ name: 'Open Cookie Database', url: 'https://m.example/ocd.csv', version: { etag: '"e1"' }, retrieved: '2026-01-21T10:00:00.000Z', licence: 'Apache-2.0' });
  });
  it('says how old a copy is in its largest whole unit', () => {
    const t = new Date('2026-01-21T10:00:00Z');
    expect([age(t, new Date('2026-01-21T10:00:30Z')), age(t, new Date('2026-01-21T11:59:00Z')), age(t, new Date('2026-01-24T10:00:00Z'))]).toEqual(['less than a minute', '1 hour', '3 days']);
  });
});
