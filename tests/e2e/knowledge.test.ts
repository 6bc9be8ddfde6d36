/**
 * The knowledge layer end to end: The Bright Paper sets real-world cookie names (_ga, _ga_BRIGHT01,
 * _gcl_au, _fbp, fr, _hjSessionUser_123, mp_<token>_mixpanel) and breaks its policy in ways only the
 * known-cookie database and the tracker list can see; `init` drafts a policy a scan accepts;
 * `db import` and `explain` work on files made here. Everything offline, on loopback.
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import type { Finding } from '../../src/audit/types.js';
import { brief, findingsOf, manifest, phaseOf, runCli, scanFixture, tempOut, withFixtures, type ScanResult } from './harness.js';

const NEWS = 'https://news.brightpaper.test/';
const MIXPANEL = 'mp_0f4c3b2a1d9e8f7a6b5c4d3e2f1a0b9c_mixpanel';
/** No local database of the machine running the tests may change what they see. */
const NO_LOCAL_DB = { COOKIE_AUDIT_DB: '' };

const find = (findings: Finding[], ruleId: string, name: string) => findings.find((f) => f.ruleId === ruleId && f.item.name === name);

let server: FixtureServer;
beforeAll(async () => {
  server = await withFixtures();
});
afterAll(() => server.close());

describe('The Bright Paper, audited with the known-cookie database and the tracker list', () => {
  let result: ScanResult;
  beforeAll(async () => {
    result = await scanFixture(server, [NEWS], ['--policy', manifest('brightpaper.yaml')], NO_LOCAL_DB);
  });

  it('reports exactly the findings fixtures/README.md lists', () => {
    expect(result.code).toBe(1);
    expect(result.report.findings.map(brief)).toEqual([
      `pre-consent-cookie pre ${MIXPANEL}`,
      'pre-consent-tracker pre https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js',
      'pre-consent-tracker pre https://www.google-analytics.com/g/collect',
      'pre-consent-tracker pre https://www.googletagmanager.com/gtag/js',
      `undeclared-cookie pre ${MIXPANEL}`,
      'undeclared-third-party pre mxpnl.com',
      'category-mismatch pre _hjSessionUser_123',
      'category-mismatch pre hotjar.com',
      'insecure-cookie pre _hjSessionUser_123',
      `cookie-after-reject reject ${MIXPANEL}`,
      'forbidden-category accept _fbp',
      'forbidden-category accept _gcl_au',
      'forbidden-category accept dc_sync',
      'forbidden-category accept fr',
      'undeclared-cookie accept _fbp',
      'undeclared-cookie accept _gcl_au',
      'undeclared-cookie accept dc_sync',
      'undeclared-cookie accept fr',
      'undeclared-third-party accept doubleclick.net',
      'undeclared-third-party accept facebook.com',
      'undeclared-third-party accept facebook.net',
    ]);
    expect(result.report.summary.bySeverity).toEqual({ error: 18, warning: 3, info: 0 });
  });

  it("pre-consent-tracker: Google's cookieless consent-mode ping before consent is a tracker request, without any cookie", () => {
    const ping = find(result.report.findings, 'pre-consent-tracker', 'https://www.google-analytics.com/g/collect');
    expect(ping).toMatchObject({
      severity: 'error',
      item: { type: 'request', domain: 'www.google-analytics.com' },
      declaration: { kind: 'thirdParty', name: 'Google Analytics', category: 'analytics' },
      evidence: { category: 'analytics', categorySource: 'manifest', organisation: 'Google', resourceTypes: 'ping' },
    });
    expect(phaseOf(result.report, 'pre').cookies.map((c) => c.name)).not.toContain('_ga');
    const mixpanel = find(result.report.findings, 'pre-consent-tracker', 'https://cdn.mxpnl.com/libs/mixpanel-2-latest.min.js');
    expect(mixpanel?.evidence).toMatchObject({ category: 'analytics', categorySource: 'tracker-list', organisation: 'Mixpanel' });
    // Hotjar is declared necessary: the manifest's category rules here (category-mismatch says it is wrong).
    expect(find(result.report.findings, 'pre-consent-tracker', 'https://static.hotjar.com/c/hotjar-123.js')).toBeUndefined();
  });

  it("pre-consent-cookie and cookie-after-reject judge the undeclared Mixpanel cookie by the database's category, and say so", () => {
    for (const ruleId of ['pre-consent-cookie', 'cookie-after-reject']) {
      const finding = find(result.report.findings, ruleId, MIXPANEL);
      expect(finding?.evidence, ruleId).toMatchObject({ category: 'analytics', categorySource: 'database', vendor: 'Mixpanel', knownAs: 'mp_*_mixpanel (glob, built-in)' });
      expect(finding?.message).toContain('the known-cookie database lists it as an analytics cookie of Mixpanel');
    }
  });

  it('category-mismatch: _hjSessionUser_* declared necessary is Hotjar analytics in the database, and hotjar.com is analytics in the tracker list', () => {
    expect(find(result.report.findings, 'category-mismatch', '_hjSessionUser_123')).toMatchObject({
      severity: 'warning',
      declaration: { kind: 'cookie', name: '_hjSessionUser_*', category: 'necessary' },
      evidence: { declaredCategory: 'necessary', knownCategory: 'analytics', categorySource: 'database', vendor: 'Hotjar' },
    });
    expect(find(result.report.findings, 'category-mismatch', 'hotjar.com')).toMatchObject({
      item: { type: 'domain' },
      declaration: { kind: 'thirdParty', name: 'Hotjar' },
      evidence: { declaredCategory: 'necessary', knownCategory: 'analytics', categorySource: 'tracker-list', host: 'static.hotjar.com' },
    });
  });

  it('forbidden-category: "no advertising cookies", yet Meta, Google Ads and DoubleClick cookies after accept, by database and tracker list', () => {
    const sources = Object.fromEntries(findingsOf(result.report, 'forbidden-category').map((f) => [f.item.name, [f.evidence?.['category'], f.evidence?.['categorySource']]]));
    expect(sources).toEqual({
      _fbp: ['marketing', 'database'],
      _gcl_au: ['marketing', 'database'],
      fr: ['marketing', 'database'],
      dc_sync: ['marketing', 'tracker-list'],
    });
    expect(find(result.report.findings, 'forbidden-category', 'fr')).toMatchObject({ item: { domain: '.facebook.com' }, evidence: { vendor: 'Meta' } });
    expect(find(result.report.findings, 'forbidden-category', 'dc_sync')?.message).toContain('the tracker list says its domain doubleclick.net belongs to Google (marketing)');
  });

  it('undeclared-third-party: one finding per registrable domain no thirdParties entry declares, with who runs it', () => {
    expect(find(result.report.findings, 'undeclared-third-party', 'facebook.com')).toMatchObject({
      phase: 'accept',
      item: { type: 'domain', name: 'facebook.com' },
      evidence: { hosts: 'www.facebook.com', cookies: 'fr', category: 'marketing', categorySource: 'tracker-list', organisation: 'Meta' },
    });
    expect(find(result.report.findings, 'undeclared-third-party', 'mxpnl.com')).toMatchObject({ phase: 'pre', evidence: { hosts: 'cdn.mxpnl.com', organisation: 'Mixpanel' } });
    // Declared ones (Google Analytics with googletagmanager.com, Hotjar) are not reported.
    expect(findingsOf(result.report, 'undeclared-third-party').map((f) => f.item.name)).not.toEqual(expect.arrayContaining(['google-analytics.com']));
  });

  it('classifies every cookie in the evidence with its category and source, and every known host with its tracker facts', () => {
    const accept = phaseOf(result.report, 'accept');
    const classes = Object.fromEntries(accept.cookies.map((c) => [c.name, c.classification]));
    expect(classes).toMatchObject({
      _ga: { category: 'analytics', source: 'manifest', vendor: 'Google Analytics' },
      _ga_BRIGHT01: { category: 'analytics', source: 'manifest', vendor: 'Google Analytics' },
      _gcl_au: { category: 'marketing', source: 'database', vendor: 'Google Ads' },
      _hjSessionUser_123: { category: 'necessary', source: 'manifest', vendor: 'Hotjar' },
      fr: { category: 'marketing', source: 'database', vendor: 'Meta' },
      dc_sync: { category: 'marketing', source: 'tracker-list', vendor: 'Google' },
      bp_session: { category: 'necessary', source: 'manifest' },
    });
    expect(accept.cookies.every((c) => c.classification !== undefined)).toBe(true);
    const tracker = accept.requests.find((r) => r.url === 'https://connect.facebook.net/en_US/fbevents.js')?.tracker;
    expect(tracker).toEqual({ organisation: 'Meta', category: 'marketing', source: 'cookie-audit' });
    expect(accept.requests.find((r) => r.url === NEWS)?.tracker).toBeUndefined();
    expect(result.report.options.trackerDatabase).toEqual({ name: 'cookie-audit', licence: expect.stringMatching(/^MIT/) });
    expect(result.report.options.cookieDatabases).toEqual([{ name: 'built-in', entries: expect.any(Number) }]);
  });
});

describe('cookie-audit init → scan', () => {
  let draftFile: string;
  let init: Awaited<ReturnType<typeof runCli>>;
  let rescan: ScanResult;
  let initVisits: { headers: Record<string, unknown> }[];
  const INIT_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
  beforeAll(async () => {
    draftFile = join(tempOut(), 'cookie-policy.yaml');
    const resolve = server.resolve.flatMap((r) => ['--resolve', r]);
    server.requests.length = 0;
    init = await runCli(
      ['init', NEWS, '-o', draftFile, '--accept', '#accept-all', '--reject', '#reject-all', '--ignore-https-errors', ...resolve, '--locale', 'fr-FR', '--user-agent', INIT_UA],
      NO_LOCAL_DB,
    );
    initVisits = server.requests.filter((r) => r.host === new URL(NEWS).host);
    rescan = await scanFixture(server, [NEWS], ['--policy', draftFile], NO_LOCAL_DB);
  }, 180_000);

  it('writes a draft that validates against the manifest schema', async () => {
    expect(init.code, init.stderr).toBe(0);
    expect(init.stderr).toMatch(/Draft written to .*cookie-policy\.yaml: 10 cookie\(s\), 1 storage entry, 5 third parties; 3 marked UNKNOWN/);
    const validate = await runCli(['validate', draftFile]);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toContain('valid (10 cookie(s), 1 storage entry, 5 third parties)');
  });

  it('visits as the visitor given to init (--locale, --user-agent)', () => {
    expect(initVisits.length).toBeGreaterThan(0);
    for (const visit of initVisits) {
      expect(visit.headers['user-agent']).toBe(INIT_UA);
      expect(String(visit.headers['accept-language'])).toMatch(/^fr-FR/);
    }
  });

  it('declares what the databases know, marks guesses, and the unknown as UNKNOWN', () => {
    const text = readFileSync(draftFile, 'utf8');
    expect(text).toContain('  - name: _hjSessionUser_123\n    category: analytics\n    expires: 1 year\n    provider: Hotjar\n');
    expect(text).toMatch(/# guess: an analytics cookie of Mixpanel according to the known-cookie database \(glob "mp_\*_mixpanel"/);
    expect(text).toMatch(/# UNKNOWN: no database knows this cookie; "functional" is a placeholder that keeps it under audit[^\n]*\n[^\n]*\n  - name: bp_consent\n/);
    expect(text).toContain('  - name: Meta\n    domains: [ facebook.com, facebook.net ]\n    category: marketing\n');
  });

  it('a scan against the fresh draft has no undeclared-* finding', () => {
    const undeclared = rescan.report.findings.filter((f) => f.ruleId.startsWith('undeclared-'));
    expect(undeclared.map(brief)).toEqual([]);
    // It still reports what the draft's categories make wrong: Mixpanel before consent, for one.
    expect(rescan.report.findings.map(brief)).toContain(`pre-consent-cookie pre ${MIXPANEL}`);
  });

  it('keeps what nobody knows under audit until a person decides: the UNKNOWN placeholders are judged as needing consent', () => {
    const text = readFileSync(draftFile, 'utf8');
    const unknownNames = [...text.matchAll(/# UNKNOWN: no database knows this (?:cookie|storage entry)[^\n]*\n(?:\s*#[^\n]*\n)*\s*- (?:name|key): (\S+)/g)].map((m) => m[1]);
    expect(unknownNames).toEqual(['bp_consent', 'bp_session', 'bp_font_size']);
    // The site's own session and consent cookies are necessary, but only a person may say so: until then the scan asks.
    expect(rescan.report.findings.filter((f) => unknownNames.includes(f.item.name)).map(brief)).toEqual([
      'pre-consent-cookie pre bp_session',
      'cookie-after-reject reject bp_consent',
      'cookie-after-reject reject bp_session',
    ]);
  });

  it('refuses to overwrite an existing file without --force, before any scan', async () => {
    const run = await runCli(['init', NEWS, '-o', draftFile]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`cookie-audit: -o ${draftFile}: the file exists; pass --force to overwrite it, or choose another name`);
  });
});

describe('cookie-audit db import and explain (no browser)', () => {
  const dir = tempOut();
  const db = join(dir, 'local-db', 'cookies.json');
  const csv = join(dir, 'open-cookie-database.csv');
  writeFileSync(
    csv,
    [
      'ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match',
      'a1,Acme Analytics,Analytics,acme_uid,Advertiser\'s website domain (1st party),"Identifies the visitor, across visits.",1 year,Acme,https://acme.example/privacy,0',
      'a2,Acme Analytics,Analytics,acme_s_,Advertiser\'s website domain (1st party),Session state,30 minutes,Acme,#N/A,1',
      'a3,Acme Ads,Marketing,uid,ads.acme.example (3rd party),Ad identifier,60 days,Acme,,0',
      'a4,Acme Shield,Security,acme_bm,,Bot detection,30 minutes,Acme,,0',
      'a5,Nobody,Unclassified,ghost,,?,,,,0',
      '',
    ].join('\n'),
  );

  it('merges the Open Cookie Database CSV into the local database and says what it did', async () => {
    const run = await runCli(['db', 'import', csv, '--cookie-db', db]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`Imported 4 entries from ${csv} into ${db}: 4 added, 0 updated, 0 unchanged; 1 row(s) skipped. The database now holds 4 entries.\n`);
    expect(run.stderr).toContain('skipped row 6: unknown category "Unclassified"');
    const again = await runCli(['db', 'import', csv, '--cookie-db', db]);
    expect(again.stdout).toContain('0 added, 0 updated, 4 unchanged');
    const written = JSON.parse(readFileSync(db, 'utf8')) as { version: number; entries: Array<{ pattern: string; match: string; category: string; domains?: string[] }> };
    expect(written.version).toBe(1);
    expect(written.entries.map((e) => [e.pattern, e.match, e.category, e.domains])).toEqual([
      ['acme_uid', 'exact', 'analytics', undefined],
      ['acme_s_', 'prefix', 'analytics', undefined],
      ['uid', 'exact', 'marketing', ['ads.acme.example']],
      ['acme_bm', 'exact', 'necessary', undefined],
    ]);
  });

  it('explains an imported name from the local database, and a built-in one with its tracker', async () => {
    expect(existsSync(db)).toBe(true);
    const local = await runCli(['explain', 'acme_s_42', '--cookie-db', db]);
    expect(local.code).toBe(0);
    expect(local.stdout).toBe(
      `acme_s_42: Acme Analytics, analytics\n  typical lifetime: 30 min\n  purpose: Session state\n  Open Cookie Database: entry a2, "Analytics"\n  matched: prefix "acme_s_" (${db} database)\n`,
    );
    const fr = await runCli(['explain', 'fr', '--domain', 'www.facebook.com'], NO_LOCAL_DB);
    expect(fr.stdout).toMatch(/^fr on www\.facebook\.com: Meta, marketing\n/);
    expect(fr.stdout).toMatch(/matched: exact "fr", only on facebook\.com \(built-in database\)/);
    expect(fr.stdout).toMatch(/www\.facebook\.com: .*\(Meta\), marketing; entry facebook\.com of the cookie-audit tracker database/);
    const json = await runCli(['explain', '_ga_BRIGHT01', '--json'], NO_LOCAL_DB);
    expect(JSON.parse(json.stdout)).toMatchObject({ name: '_ga_BRIGHT01', cookie: { pattern: '_ga_*', match: 'glob', vendor: 'Google Analytics', category: 'analytics', database: 'built-in' } });
    const unknown = await runCli(['explain', 'bp_session'], NO_LOCAL_DB);
    expect(unknown.stdout).toBe('bp_session: not in the known-cookie databases.\n');
  });

  it('reads a policy page with the local database given by --cookie-db: a category the page leaves out comes from it', async () => {
    expect(existsSync(db)).toBe(true);
    const page = join(dir, 'policy.html');
    writeFileSync(
      page,
      '<!doctype html><html lang="en"><head><title>Cookie policy</title></head><body><h1>Cookie policy</h1><h2>Cookies we use</h2>' +
        '<table><tr><th>Cookie</th><th>Provider</th><th>Duration</th></tr><tr><td>acme_uid</td><td>Acme</td><td>1 year</td></tr></table></body></html>',
    );
    const withDb = await runCli(['policy', 'extract', page, '--cookie-db', db], NO_LOCAL_DB);
    expect(withDb.code, withDb.stderr).toBe(0);
    expect(withDb.stdout).toContain('# review: category analytics from the known-cookie database (Acme Analytics); the page states none\n  - name: acme_uid\n    category: analytics\n');
    const without = await runCli(['policy', 'extract', page], NO_LOCAL_DB);
    expect(without.stdout).toContain('  - name: acme_uid\n    category: functional\n');
  });

  it('rejects a CSV that is not the Open Cookie Database, and an unknown tracker database, with one line and exit 2', async () => {
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'name,category\n_ga,analytics\n');
    const run = await runCli(['db', 'import', other, '--cookie-db', db]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(`${other}: not an Open Cookie Database CSV: the header lacks "Platform"`);
    const trackers = await runCli(['scan', NEWS, '--trackers', 'disconnect', '--out', tempOut()]);
    expect(trackers.code).toBe(2);
    expect(trackers.stderr.trim()).toBe('cookie-audit: --trackers "disconnect": use builtin (the project\'s list, the default) or ghostery (@ghostery/trackerdb, non-commercial licence)');
    const missing = await runCli(['scan', NEWS, '--cookie-db', join(dir, 'none.json'), '--out', tempOut()]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('none.json: no such file; create it with cookie-audit db import');
  });
});

const ghosteryInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve('@ghostery/trackerdb');
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(ghosteryInstalled)('--trackers ghostery (optional @ghostery/trackerdb, offline)', () => {
  it('classifies requests with Ghostery and states its licence in report.json', async () => {
    const result = await scanFixture(server, [NEWS], ['--phases', 'pre', '--trackers', 'ghostery'], NO_LOCAL_DB);
    expect(result.report.options.trackerDatabase).toEqual({ name: 'ghostery', licence: 'CC-BY-NC-SA-4.0' });
    const pre = phaseOf(result.report, 'pre');
    expect(pre.requests.find((r) => r.url === 'https://www.google-analytics.com/g/collect')?.tracker).toEqual({ organisation: 'Google', category: 'analytics', source: 'ghostery' });
    expect(find(result.report.findings, 'pre-consent-tracker', 'https://www.google-analytics.com/g/collect')?.evidence).toMatchObject({
      categorySource: 'tracker-list',
      trackerDomain: expect.stringMatching(/\(ghostery\)$/),
    });
  });
});
