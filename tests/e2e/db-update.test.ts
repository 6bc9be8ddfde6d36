/**
 * `cookie-audit db update` and `db status`, run as a user runs them, against a loopback mirror (HTTP,
 * HTTPS, through a proxy) serving a small CSV of this test's own making, and the shared copy of the Open
 * Cookie Database when it is beside the repository. No browser, no non-loopback address.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownCookieFile } from '../../src/knowledge/types.js';
import { loadKnowledge } from '../../src/knowledge/knowledge.js';
import { parseOpenCookieDatabase } from '../../src/knowledge/open-cookie-database.js';
import { OCD_HEADER, readSharedOcd, sharedOcdPresent, SMALL_OCD } from '../knowledge/ocd-copy.js';
import { startCsvMirror, type CsvMirror } from './csv-mirror.js';
import { runCli, tempOut } from './harness.js';

const ETAG = '"0ee5a17fe1cb"';
const LAST_MODIFIED = 'Wed, 21 Jan 2026 10:00:00 GMT';
let mirror: CsvMirror;
let dir: string;
let certFile: string;
let closedPort: number;
const NO_PROXY_ENV = { HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '' };

beforeAll(async () => {
  dir = tempOut();
  mirror = await startCsvMirror({
    '/ocd.csv': { body: SMALL_OCD, etag: ETAG, lastModified: LAST_MODIFIED },
    '/pinned/0ee5a17fe1cb002943f89370d24fc26a4226061c/open-cookie-database.csv': { body: SMALL_OCD },
    '/error-page.csv': { body: '<html><body>Rate limited</body></html>' },
    '/gone.csv': { body: 'gone', status: 404 },
    ...(sharedOcdPresent ? { '/shared/open-cookie-database.csv': { body: readSharedOcd(), etag: '"shared"' } } : {}),
    '/one-row.csv': { body: `${OCD_HEADER}\nx1,Acme,Functional,acme_only,,Remembers a choice.,1 year,Acme,,0\n` },
  });
  // A port nothing listens on: one the system just handed out and took back.
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  certFile = join(dir, 'mirror-ca.pem');
  writeFileSync(certFile, mirror.cert);
});
afterAll(async () => {
  await mirror?.close();
  rmSync(dir, { recursive: true, force: true });
});

const readDb = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as KnownCookieFile;

describe('cookie-audit db update from a loopback mirror', () => {
  it('installs the CSV as the local database, recording source, version, date and licence', async () => {
    const db = join(dir, 'http', 'cookies.json');
    const run = await runCli(['db', 'update', '--from', `${mirror.http}/ocd.csv`, '--cookie-db', db], NO_PROXY_ENV);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      `Installed the Open Cookie Database (Apache-2.0) from ${mirror.http}/ocd.csv, ETag ${ETAG}, last modified ${LAST_MODIFIED}: 6 entries in ${db}.\n`,
    );
    const written = readDb(db);
    expect(written.source).toMatchObject({ name: 'Open Cookie Database', url: `${mirror.http}/ocd.csv`, licence: 'Apache-2.0', version: { etag: ETAG, lastModified: LAST_MODIFIED } });
    expect(Date.now() - Date.parse(written.source!.retrieved)).toBeGreaterThanOrEqual(0);
    expect(written.entries.map((e) => e.pattern)).toEqual(['acme_session', 'acme_lang', 'acme_uid', 'acme_ad_', 'acme_consent', 'acme_bm']);
    expect(existsSync(`${db}.tmp-${process.pid}`)).toBe(false);

    const status = await runCli(['db', 'status', '--cookie-db', db]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^built-in: \d+ entries \(rules\/known-cookies\.json\)\n/);
    expect(status.stdout).toContain(`local: ${db}, 6 entries\n  source: Open Cookie Database (Apache-2.0) from ${mirror.http}/ocd.csv, ETag ${ETAG}, last modified ${LAST_MODIFIED}\n`);
    expect(status.stdout).toMatch(/ {2}retrieved: \d{4}-\d\d-\d\dT[\d:.]+Z, less than a minute old\n$/);
  });

  it('records the commit of a pinned URL, and reads HTTPS through HTTPS_PROXY', async () => {
    const db = join(dir, 'proxied', 'cookies.json');
    const url = `${mirror.https}/pinned/0ee5a17fe1cb002943f89370d24fc26a4226061c/open-cookie-database.csv`;
    const before = mirror.tunnels.length;
    const run = await runCli(['db', 'update', '--from', url, '--cookie-db', db], { ...NO_PROXY_ENV, HTTPS_PROXY: mirror.proxy, NO_PROXY: '', no_proxy: '', NODE_EXTRA_CA_CERTS: certFile });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`from ${url}, commit 0ee5a17fe1cb: 6 entries`);
    expect(mirror.tunnels.slice(before)).toEqual([new URL(mirror.https).host]);
    expect(readDb(db).source?.version).toEqual({ commit: '0ee5a17fe1cb002943f89370d24fc26a4226061c' });
  });

  it('installs a saved copy given as a file', async () => {
    const csv = join(dir, 'saved.csv');
    writeFileSync(csv, SMALL_OCD);
    const db = join(dir, 'file', 'cookies.json');
    const run = await runCli(['db', 'update', '--from', csv, '--cookie-db', db]);
    expect(run.code, run.stderr).toBe(0);
    expect(readDb(db).source).toMatchObject({ url: csv, version: {} });
  });

  it('keeps the installed copy when a download fails, an error page arrives or the CSV shrank to a fraction, with one line and exit 2', async () => {
    const db = join(dir, 'kept', 'cookies.json');
    expect((await runCli(['db', 'update', '--from', `${mirror.http}/ocd.csv`, '--cookie-db', db], NO_PROXY_ENV)).code).toBe(0);
    const installed = readFileSync(db, 'utf8');
    const failures: Array<[string, RegExp]> = [
      [`${mirror.http}/gone.csv`, /^cookie-audit: http:\/\/127\.0\.0\.1:\d+\/gone\.csv: download failed \(HTTP 404\); check the URL, or give a saved copy with --from <file>\n$/],
      [`${mirror.http}/error-page.csv`, /^cookie-audit: http:\/\/127\.0\.0\.1:\d+\/error-page\.csv: not an Open Cookie Database CSV: the header lacks "Platform", .*\n$/],
      [`${mirror.http}/one-row.csv`, /^cookie-audit: .*one-row\.csv: only 1 entries where the installed copy has 6; the download looks truncated, so the installed copy is kept .*\n$/],
      [`http://127.0.0.1:${closedPort}/ocd.csv`, /^cookie-audit: http:\/\/127\.0\.0\.1:\d+\/ocd\.csv: download failed \(ECONNREFUSED\); check the network or HTTPS_PROXY, or give a saved copy with --from <file>\n$/],
      [join(dir, 'missing.csv'), /^cookie-audit: .*missing\.csv: cannot read it \(ENOENT\); give an http\(s\) URL or the path of a saved open-cookie-database\.csv\n$/],
    ];
    for (const [from, message] of failures) {
      const run = await runCli(['db', 'update', '--from', from, '--cookie-db', db], NO_PROXY_ENV);
      expect(run.code, from).toBe(2);
      expect(run.stderr, from).toMatch(message);
      expect(readFileSync(db, 'utf8'), from).toBe(installed);
    }
  });

  it('db status says when nothing is installed and how to install it', async () => {
    const status = await runCli(['db', 'status', '--cookie-db', join(dir, 'nothing', 'cookies.json')]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`local: none at ${join(dir, 'nothing', 'cookies.json')}; install the Open Cookie Database with cookie-audit db update`);
  });
});

/** A name the entry matches: the exact name, the prefix with a suffix, the glob with its wildcards filled. */
const nameFor = (e: { pattern: string; match: string }) => (e.match === 'exact' ? e.pattern : e.match === 'prefix' ? `${e.pattern}x1` : e.pattern.replace(/\*/g, 'x1').replace(/\?/g, 'y'));

describe.runIf(sharedOcdPresent)('db update with the shared copy of the Open Cookie Database (skipped without ../shared)', () => {
  it('every OCD name resolves to a category, vendor and lifetime, and OCD\u2019s strictly necessary "Functional" cookies to necessary', async () => {
    const db = join(dir, 'shared', 'cookies.json');
    const run = await runCli(['db', 'update', '--from', `${mirror.http}/shared/open-cookie-database.csv`, '--cookie-db', db], NO_PROXY_ENV);
    expect(run.code, run.stderr).toBe(0);
    const { entries, skipped } = parseOpenCookieDatabase(readSharedOcd());
    expect(skipped.length).toBeLessThan(5);
    const knowledge = await loadKnowledge({ cookieDb: db, env: {} });
    const unresolved: string[] = [];
    for (const entry of entries) {
      const name = nameFor(entry);
      const domain = entry.domains?.[0];
      const best = knowledge.cookie(name, domain);
      // A row repeating an earlier row's name and domains is installed once, as the first one.
      const fromOcd = knowledge.cookieCandidates(name, domain).find((c) => c.database === db);
      const hasLifetime = fromOcd?.lifetime !== undefined || fromOcd?.retention !== undefined;
      if (best === undefined || best.vendor === '' || fromOcd === undefined || !hasLifetime) unresolved.push(`${entry.ocd?.id} ${name}`);
    }
    // One OCD row states no retention at all; every other row resolves with its lifetime.
    expect(unresolved.length, unresolved.slice(0, 10).join('; ')).toBeLessThanOrEqual(1);

    const session = await runCli(['explain', '_secure_session_id', '--cookie-db', db]);
    expect(session.stdout).toMatch(/^_secure_session_id: Shopify, necessary\n/);
    expect(session.stdout).toContain('category: OCD "Functional", its name holds "sess": keeps the visitor\'s session or input (cart, checkout, form), so necessary');
    const consent = await runCli(['explain', 'CookieConsent', '--cookie-db', db, '--json']);
    expect(JSON.parse(consent.stdout)).toMatchObject({ cookie: { category: 'necessary' } });
  });
});
