/** Faults during a scan: the browser process dies, or the user interrupts. Nothing gathered is lost. */
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import type { AuditReport } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
import { CLI, ROOT, tempOut, withFixtures } from './harness.js';

const H = 'https://hostile.test';
let server: FixtureServer;
beforeAll(async () => {
  server = await withFixtures();
});
afterAll(() => server.close());

/** Starts a scan in the background; resolves with its exit code and output when it ends. */
function startScan(urls: string[], out: string, extra: string[] = []) {
  const resolve = server.resolve.flatMap((r) => ['--resolve', r]);
  const child = spawn(
    process.execPath,
    [CLI, 'scan', ...urls, ...resolve, '--ignore-https-errors', '--out', out, '--phases', 'pre', '--concurrency', '1', '--depth', '0', '--format', 'json,junit', ...extra],
    { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', COOKIE_AUDIT_DB: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((res) =>
    child.on('close', (code, signal) => res({ code, signal, stderr })),
  );
  return { child, done };
}

/**
 * Resolves once the fixture server has received a request for this path (the scan is there now). Getting
 * there is a browser launch and a page load: with another test file saturating every core beside this one
 * (consent-under-load.test.ts does so on purpose) that took over 30 s in CI, so the wait is long; it ends as
 * soon as the request comes.
 */
const REACHED_MS = 120_000;
async function requested(path: string, timeoutMs = REACHED_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!server.requests.some((r) => r.host === 'hostile.test' && r.path === path)) {
    if (Date.now() > deadline) throw new Error(`no request for ${path} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function readReport(out: string): AuditReport {
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as AuditReport;
  expect(validateReport(report)).toEqual([]);
  return report;
}

describe('SIGINT during a scan', () => {
  it('writes the reports of everything gathered so far, marked partial, within 5 seconds', async () => {
    const out = tempOut();
    server.requests.length = 0;
    const scan = startScan([`${H}/`, `${H}/never`], out);
    await requested('/never'); // the start page is done; the scan now waits on a page that never loads
    const sent = Date.now();
    scan.child.kill('SIGINT');
    const result = await scan.done;
    expect(Date.now() - sent).toBeLessThan(5000);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('SIGINT received; stopping the scan and writing partial reports');
    const report = readReport(out);
    expect(report.summary.partial).toBe(true);
    expect(report.summary.incomplete[0]).toMatch(/^interrupted \(SIGINT\) before the scan finished/);
    const pre = report.sites[0]?.evidence.phases.find((p) => p.phase === 'pre');
    expect(pre?.cookies.map((c) => c.name)).toContain('hs_session');
    expect(existsSync(join(out, 'junit.xml'))).toBe(true);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toMatch(/<\/testsuites>\s*$/);
  }, REACHED_MS + 30_000);
});

describe('the browser process dies mid-scan', () => {
  it('scans the affected site again on a fresh browser, completes, and says what was retried', async () => {
    const out = tempOut();
    server.requests.length = 0;
    const scan = startScan([`${H}/`, `${H}/slow`], out);
    await requested('/slow'); // the slow page is loading now
    // The browser is the scanner's direct child process.
    const browsers = execFileSync('pgrep', ['-P', String(scan.child.pid)]).toString().trim().split('\n').filter(Boolean);
    expect(browsers.length).toBeGreaterThan(0);
    for (const pid of browsers) process.kill(Number(pid), 'SIGKILL');
    const result = await scan.done;
    expect(result.code).not.toBe(3);
    const report = readReport(out);
    const site = report.sites[0]!.evidence;
    expect(site.retries).toEqual([`the browser process died while ${H}/ was being scanned; all its phases were scanned again on a fresh browser`]);
    const pre = site.phases.find((p) => p.phase === 'pre');
    expect(pre?.status).toBe('completed');
    expect(pre?.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['hs_session', 'slow_cookie']));
    expect(report.summary.incomplete).toEqual([]);
  }, REACHED_MS + 60_000);
});

describe('the browser hangs mid-scan', () => {
  it('is ended once no page has finished for --stall-timeout, and the site is scanned again on a fresh browser', async () => {
    const out = tempOut();
    server.requests.length = 0;
    // Long enough for a start page's look for a banner on a busy machine, short enough for the test.
    const scan = startScan([`${H}/`, `${H}/slow`], out, ['--stall-timeout', '12000']);
    await requested('/slow'); // the slow page is loading now
    // Frozen, not dead: the browser keeps its connection open and answers nothing, as a hung one does.
    const browsers = execFileSync('pgrep', ['-P', String(scan.child.pid)]).toString().trim().split('\n').filter(Boolean);
    expect(browsers.length).toBeGreaterThan(0);
    for (const pid of browsers) process.kill(Number(pid), 'SIGSTOP');
    const result = await scan.done;
    for (const pid of browsers) {
      // Ended by the watchdog; a stopped process left behind would be a leak.
      expect(() => process.kill(Number(pid), 0)).toThrow();
    }
    expect(result.code).not.toBe(3);
    const report = readReport(out);
    const site = report.sites[0]!.evidence;
    expect(site.retries).toEqual([`no page of ${H}/ finished for 12 s, so the browser was taken as hung and ended; all its phases were scanned again on a fresh browser`]);
    const pre = site.phases.find((p) => p.phase === 'pre');
    expect(pre?.status).toBe('completed');
    expect(pre?.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['hs_session', 'slow_cookie']));
    expect(report.summary.incomplete).toEqual([]);
  }, REACHED_MS + 90_000);
});
