/**
 * Evidence a regulator accepts, on one scan of the broken demo shop (pre and reject) made through a logging
 * proxy on loopback, with --evidence and a time stamp from a loopback TSA: the HAR files, SHA256SUMS and
 * `verify`, `import` of the scan's own HAR and of the same evidence in the Website Evidence Collector's
 * format, and --proxy/--region. The bad-input checks at the end start no browser.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import type { AuditReport } from '../../src/report/types.js';
import { startLocalTsa, type LocalTsa } from '../integrity/local-tsa.js';
import { manifest, phaseOf, readReports, runCli, scanFixture, tempOut, withFixtures, type ScanResult } from './harness.js';
import { startLoggingProxy, type LoggingProxy } from './logging-proxy.js';

const PROXY_USER = 'auditor';
const PROXY_PASSWORD = 'proxy-pass-5c1e9a77';
const POLICY = manifest('demo-shop.yaml');
/** A signed-in visitor's session, from --storage-state: a credential the traffic record must never hold. */
const CREDENTIAL = 'signed-in-7f3a9c0e21';

let server: FixtureServer;
let tsa: LocalTsa;
let proxy: LoggingProxy;
let scan: ScanResult;

beforeAll(async () => {
  server = await withFixtures();
  tsa = await startLocalTsa();
  proxy = await startLoggingProxy(server.port, { user: PROXY_USER, password: PROXY_PASSWORD });
  const state = join(tempOut(), 'state.json');
  const expires = Math.floor(Date.now() / 1000) + 86400;
  writeFileSync(state, JSON.stringify({ cookies: [{ name: 'member', value: CREDENTIAL, domain: 'demo-shop.test', path: '/', expires, httpOnly: true, secure: true, sameSite: 'Lax' }], origins: [] }));
  scan = await scanFixture(
    server,
    [server.url('demo-shop.test', '/')],
    ['--policy', POLICY, '--phases', 'pre,reject', '--storage-state', state, '--evidence', '--timestamp', tsa.url, '--proxy', proxy.url, '--region', 'test-region'],
    { COOKIE_AUDIT_PROXY_USER: PROXY_USER, COOKIE_AUDIT_PROXY_PASSWORD: PROXY_PASSWORD },
  );
}, 240_000);
afterAll(async () => {
  await proxy?.close();
  await tsa?.close();
  await server?.close();
});

const stripped = (url: string) => url.replace(/[?#].*$/, '');
const har = (file: string) => JSON.parse(readFileSync(join(scan.out, file), 'utf8')) as { log: { version: string; creator: { name: string }; entries: Array<Record<string, any>> } };
const harText = (phase: 'pre' | 'reject') => readFileSync(join(scan.out, phaseOf(scan.report, phase).traffic!.file), 'utf8');

describe('scan --evidence', () => {
  it('writes one HAR 1.2 per phase beside the reports, linked from report.json and the HTML report', () => {
    expect(scan.code, scan.stderr).toBe(1);
    for (const phase of ['pre', 'reject'] as const) {
      const traffic = phaseOf(scan.report, phase).traffic;
      expect(traffic).toEqual({ file: `demo-shop.test-${phase}.har`, entries: expect.any(Number), bodies: false });
      const record = har(traffic!.file);
      expect(record.log.version).toBe('1.2');
      expect(record.log.creator.name).toBeTruthy();
      expect(record.log.entries).toHaveLength(traffic!.entries);
      for (const entry of record.log.entries) {
        expect(Object.keys(entry)).toEqual(expect.arrayContaining(['startedDateTime', 'time', 'request', 'response', 'cache', 'timings']));
        expect(Object.keys(entry['request'])).toEqual(expect.arrayContaining(['method', 'url', 'httpVersion', 'cookies', 'headers', 'queryString', 'headersSize', 'bodySize']));
        expect(Object.keys(entry['response'])).toEqual(expect.arrayContaining(['status', 'statusText', 'httpVersion', 'cookies', 'headers', 'content', 'redirectURL', 'headersSize', 'bodySize']));
        expect(entry['response'].content.text).toBeUndefined();
      }
      expect(readFileSync(join(scan.out, 'report.html'), 'utf8')).toContain(traffic!.file);
    }
  });

  it('holds every request of the phase', () => {
    for (const phase of ['pre', 'reject'] as const) {
      const recorded = new Set(har(phaseOf(scan.report, phase).traffic!.file).log.entries.map((e) => stripped(e['request'].url)));
      const requests = phaseOf(scan.report, phase).requests.map((r) => r.url);
      expect(requests.length).toBeGreaterThan(5);
      expect(requests.filter((url) => !recorded.has(url))).toEqual([]);
    }
  });

  it('contains no cookie value: every value the browser sent or the site set is a hash', () => {
    const values = new Set<string>();
    for (const request of server.requests) {
      for (const pair of String(request.headers.cookie ?? '').split(';')) {
        const value = pair.slice(pair.indexOf('=') + 1).trim();
        if (value.length >= 6) values.add(value);
      }
    }
    // _ga and friends, the session and cart ids: the browser sent them, so the test knows them.
    expect(values.size).toBeGreaterThanOrEqual(4);
    for (const phase of ['pre', 'reject'] as const) {
      const text = harText(phase);
      expect([...values].filter((value) => text.includes(value) || text.includes(encodeURIComponent(value)))).toEqual([]);
      expect(text).toMatch(/_ga=sha256:[0-9a-f]{16}/);
    }
  });

  it('never holds a credential of the signed-in visitor, not even as its hash', () => {
    // The browser did send it: the site saw the signed-in visitor.
    expect(server.requests.some((r) => String(r.headers.cookie ?? '').includes(`member=${CREDENTIAL}`))).toBe(true);
    for (const phase of ['pre', 'reject'] as const) {
      const text = harText(phase);
      expect(text).not.toContain(CREDENTIAL);
      expect(text).toContain('member=[credential removed by cookie-audit]');
    }
  });
});

describe('--proxy and --region', () => {
  it('routes every request of the browser through the proxy, which was signed in to with the credentials from the environment', () => {
    const logged = new Set(proxy.log.map((line) => stripped(line.slice(line.indexOf(' ') + 1))));
    for (const phase of ['pre', 'reject'] as const) {
      expect(phaseOf(scan.report, phase).requests.map((r) => r.url).filter((url) => !logged.has(url))).toEqual([]);
    }
    // Nothing reached the sites except through the proxy.
    expect(server.requests.length).toBeGreaterThan(0);
    expect(server.requests.length).toBeLessThanOrEqual(proxy.log.length);
    expect(proxy.authorizations.length).toBeGreaterThan(0);
  });

  it('records the region and the proxy in report.json, never the proxy credentials anywhere', () => {
    expect(scan.report.options.region).toBe('test-region');
    expect(scan.report.options.proxy).toBe(proxy.url);
    const written = readdirSync(scan.out).map((file) => readFileSync(join(scan.out, file), 'latin1'));
    for (const text of [...written, scan.stdout, scan.stderr]) {
      expect(text).not.toContain(PROXY_PASSWORD);
      expect(text).not.toContain(Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64'));
    }
  });
});

describe('SHA256SUMS and verify', () => {
  it('lists every file the run wrote, and verify says the folder is intact and time-stamped', async () => {
    const listed = readFileSync(join(scan.out, 'SHA256SUMS'), 'utf8').trim().split('\n').map((line) => line.slice(66));
    const files = readdirSync(scan.out).filter((f) => f !== 'SHA256SUMS' && f !== 'SHA256SUMS.tsr').sort();
    expect(listed).toEqual(files);
    expect(files).toEqual(expect.arrayContaining(['report.json', 'report.html', 'junit.xml', 'demo-shop.test-pre.har', 'demo-shop.test-reject-before.png']));
    const run = await runCli(['verify', scan.out]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`intact: ${files.length} file\\(s\\) match SHA256SUMS; SHA256SUMS time-stamped \\S+ by CN=cookie-audit test TSA`));
    expect(tsa.answered).toBe(1);
  });

  it.each(['demo-shop.test-pre.har', 'report.json', 'demo-shop.test-reject-after.png'])('fails naming %s after one byte of it changes', async (file) => {
    const copy = tempOut();
    cpSync(scan.out, copy, { recursive: true });
    const bytes = readFileSync(join(copy, file));
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    writeFileSync(join(copy, file), bytes);
    const run = await runCli(['verify', copy]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`changed: ${file}`);
    expect(run.stdout.match(/^changed: /gm)).toHaveLength(1);
  });

  it('names a missing and an added file, and a SHA256SUMS its time stamp does not vouch for', async () => {
    const copy = tempOut();
    cpSync(scan.out, copy, { recursive: true });
    rmSync(join(copy, 'report.md'));
    writeFileSync(join(copy, 'extra.txt'), 'slipped in later');
    const run = await runCli(['verify', copy]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('missing: report.md');
    expect(run.stdout).toContain('added: extra.txt');
    // A rewritten SHA256SUMS (matching the tampered folder) is caught by its time stamp.
    const sums = readFileSync(join(copy, 'SHA256SUMS'), 'utf8').split('\n').filter((l) => !l.endsWith('  report.md')).join('\n');
    writeFileSync(join(copy, 'SHA256SUMS'), sums);
    rmSync(join(copy, 'extra.txt'));
    const again = await runCli(['verify', copy]);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/changed: SHA256SUMS\.tsr does not vouch for SHA256SUMS/);
  });
});

/** The scan's pre-consent findings about cookies, as "ruleId name". */
function preConsent(report: AuditReport): string[] {
  return report.findings.filter((f) => f.phase === 'pre' && f.ruleId.startsWith('pre-consent')).map((f) => `${f.ruleId} ${f.item.name}`).sort();
}

describe('import', () => {
  it('of the pre phase HAR gives the pre-consent findings the scan gave for cookies sent over HTTP, and says what it cannot know', async () => {
    const out = tempOut();
    const run = await runCli(['import', join(scan.out, 'demo-shop.test-pre.har'), '--policy', POLICY, '--phase', 'pre', '--out', out, '--format', 'json,junit,html,md,sarif']);
    expect(run.code, run.stderr).toBe(1);
    const imported = readReports(run, out).report;
    const overHttp = new Set(har('demo-shop.test-pre.har').log.entries.flatMap((e) => [...e['request'].cookies, ...e['response'].cookies].map((c: { name: string }) => c.name)));
    const scanned = preConsent(scan.report).filter((line) => !line.startsWith('pre-consent-cookie') || overHttp.has(line.split(' ')[1]!));
    expect(scanned).toEqual(expect.arrayContaining(['pre-consent-cookie _ga', 'pre-consent-cookie _gid']));
    expect(preConsent(imported)).toEqual(scanned);
    const site = imported.sites[0]!.evidence;
    expect(site.imported).toMatchObject({ format: 'har', creator: expect.stringMatching(/^Playwright/) });
    expect(site.imported?.cannotKnow.join('\n')).toMatch(/localStorage, sessionStorage and IndexedDB/);
    expect(site.imported?.cannotKnow.join('\n')).toMatch(/Who wrote _ga, _gid/);
    // Who wrote _ga is not guessed, nor its lifetime.
    const ga = phaseOf(imported, 'pre').cookies.find((c) => c.name === '_ga');
    expect(ga?.setBy).toBeUndefined();
    expect(ga?.unknown).toEqual(expect.arrayContaining(['lifetime', 'flags']));
    expect(imported.findings.filter((f) => f.item.name === '_ga' && f.ruleId.startsWith('expiry'))).toEqual([]);
    expect(run.stderr).toMatch(/Not in the record: Storage/);
    expect((await runCli(['verify', out])).code).toBe(0);
  });

  it('of the same evidence in the Website Evidence Collector format gives the same pre-consent findings', async () => {
    const folder = wecOutput(scan.report, join(scan.out, 'demo-shop.test-pre.har'));
    const out = tempOut();
    const run = await runCli(['import', folder, '--policy', POLICY, '--out', out, '--format', 'json,junit']);
    expect(run.code, run.stderr).toBe(1);
    const imported = readReports(run, out).report;
    expect(preConsent(imported)).toEqual(preConsent(scan.report));
    // WEC records localStorage and who set each item: the storage finding is made, the setter is known.
    expect(imported.findings.map((f) => `${f.ruleId} ${f.item.name}`)).toContain('undeclared-storage ab_test_bucket');
    expect(phaseOf(imported, 'pre').cookies.find((c) => c.name === 'cart_id')?.setBy).toEqual({ kind: 'header', url: 'https://demo-shop.test/api/cart' });
    expect(imported.sites[0]!.evidence.imported).toMatchObject({ format: 'wec', creator: 'website-evidence-collector 2.0.0' });
    expect(imported.sites[0]!.evidence.imported?.cannotKnow.join('\n')).toMatch(/sessionStorage and IndexedDB/);
  });
});

/**
 * The scan's pre phase written as WEC's output folder: inspection.json with its fields as WEC writes them
 * (cookies as Chrome's Network.getAllCookies gives them, domain without the leading dot, expires in epoch
 * seconds or -1, log.type Cookie.HTTP / Cookie.JS with the stack; localStorage per origin) and requests.har.
 */
function wecOutput(report: AuditReport, harFile: string): string {
  const pre = phaseOf(report, 'pre');
  const start = report.generatedAt;
  const folder = join(tempOut(), 'output');
  mkdirSync(folder);
  const log = (setBy: { kind: string; url: string } | undefined, page: string, storage = false) =>
    setBy && {
      type: storage ? 'Storage.LocalStorage' : setBy.kind === 'header' ? 'Cookie.HTTP' : 'Cookie.JS',
      stack: [{ fileName: setBy.url, ...(setBy.kind === 'header' ? { source: `set in Set-Cookie HTTP response header for ${setBy.url}` } : {}) }],
      timestamp: start,
      location: page,
    };
  const inspection = {
    title: 'Website Evidence Collection',
    uri_ins: report.sites[0]!.evidence.url,
    uri_refs: [report.sites[0]!.evidence.url],
    uri_dest: report.sites[0]!.evidence.url,
    host: 'demo-shop.test',
    script: { host: 'test', version: { npm: '2.0.0', commit: null }, cmd_args: '', environment: {}, node_version: process.version },
    start_time: start,
    end_time: start,
    browsing_history: pre.pages.map((p) => p.url),
    cookies: pre.cookies.map((c) => ({
      name: c.name,
      value: c.valueHash,
      domain: c.domain.replace(/^\./, ''),
      path: c.path,
      expires: c.expires === null ? -1 : Date.parse(c.expires) / 1000,
      size: c.size,
      httpOnly: c.httpOnly,
      secure: c.secure,
      session: c.expires === null,
      sameSite: c.sameSite,
      ...(c.expires === null ? {} : { expiresUTC: c.expires, expiresDays: Math.round((c.lifetimeSeconds ?? 0) / 864) / 100 }),
      firstPartyStorage: c.party === 'first',
      ...(c.setBy ? { log: log(c.setBy, c.firstSeenPage) } : {}),
    })),
    localStorage: Object.fromEntries(
      [...new Set(pre.storage.filter((s) => s.type === 'localStorage').map((s) => s.origin))].map((origin) => [
        origin,
        Object.fromEntries(
          pre.storage
            .filter((s) => s.type === 'localStorage' && s.origin === origin)
            .map((s) => [s.key, { value: 'v', firstPartyStorage: s.party === 'first', ...(s.setBy ? { log: log(s.setBy, s.firstSeenPage, true) } : {}) }]),
        ),
      ]),
    ),
    beacons: [],
    links: { firstParty: [], thirdParty: [], social: [], keywords: [] },
    unsafeForms: [],
    hosts: {},
  };
  writeFileSync(join(folder, 'inspection.json'), JSON.stringify(inspection, null, 2));
  cpSync(harFile, join(folder, 'requests.har'));
  return folder;
}

describe('bad input: one line naming the input and the fix, exit 2, no browser', () => {
  it.each([
    [['import', join('fixtures', 'manifests', 'demo-shop.yaml')], /not JSON/],
    [['import', 'no-such.har'], /no-such\.har: no such file or folder/],
    [['verify', 'fixtures'], /no SHA256SUMS there/],
    [['scan', 'https://demo-shop.test/', '--proxy', 'http://user:secret@127.0.0.1:3128'], /COOKIE_AUDIT_PROXY_USER/],
    [['scan', 'https://demo-shop.test/', '--proxy', 'ftp://127.0.0.1:21'], /http:\/\/, https:\/\/ or socks5:\/\//],
    [['scan', 'https://demo-shop.test/', '--evidence-bodies'], /add --evidence/],
    [['scan', 'https://demo-shop.test/', '--timestamp', 'not a url'], /--timestamp/],
  ])('%j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/secret|\n\s+at /);
  });
});
