/**
 * --connect: the audit runs on a browser someone else started — a Playwright browser server, or a Chrome
 * with a DevTools (CDP) endpoint — on loopback, mapping the fixture hosts itself (--resolve is a launch
 * flag and cannot reach it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserServer } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import { findBrowser } from '../../src/browser/find.js';
import { hostResolverRules, parseResolve } from '../../src/browser/resolve.js';
import { manifest, phaseOf, readReports, runCli, tempOut, withFixtures } from './harness.js';

let fixtures: FixtureServer;
let browserServer: BrowserServer;

beforeAll(async () => {
  fixtures = await withFixtures();
  browserServer = await chromium.launchServer({
    executablePath: findBrowser({}).executablePath,
    host: '127.0.0.1',
    args: ['--no-sandbox', `--host-resolver-rules=${hostResolverRules(fixtures.resolve.map(parseResolve))}`],
  });
});
afterAll(async () => {
  await browserServer?.close();
  await fixtures?.close();
});

describe('--connect to a Playwright browser server', () => {
  it('audits the site on the remote browser, with the same findings as a local run', async () => {
    const out = tempOut();
    const run = await runCli(['scan', 'https://pos.till-works.test/', '--connect', browserServer.wsEndpoint(), '--ignore-https-errors', '--policy', manifest('pos.yaml'), '--out', out]);
    const result = readReports(run, out);
    expect(run.stderr).not.toContain('could not');
    for (const phase of ['pre', 'reject', 'accept'] as const) {
      expect(phaseOf(result.report, phase).pages.map((p) => [p.url, p.ok])).toEqual([
        ['https://pos.till-works.test/', true],
        ['https://pos.till-works.test/reports.html', true],
      ]);
    }
    expect(result.report.findings.map((f) => `${f.ruleId} ${f.phase} ${f.item.name}`)).toContain('expiry-exceeds-declared accept _analytics');
    expect(phaseOf(result.report, 'pre').cookies.find((c) => c.name === 'auth_token')).toMatchObject({
      setBy: { kind: 'header', url: 'https://pos.till-works.test/api/auth/guest' },
    });
  });

  it('refuses --resolve with --connect, and an endpoint that is not a URL, with exit 2', async () => {
    const withResolve = await runCli(['scan', 'https://pos.till-works.test/', '--connect', 'ws://127.0.0.1:1/x', '--resolve', 'a.test=127.0.0.1', '--out', tempOut()]);
    expect(withResolve.code).toBe(2);
    expect(withResolve.stderr).toContain('--resolve cannot reach a remote browser');
    const bad = await runCli(['scan', 'https://pos.till-works.test/', '--connect', 'localhost:3000', '--out', tempOut()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--connect "localhost:3000"');
  });

  it('a browser that cannot be reached is exit 3 with one line', async () => {
    const run = await runCli(['scan', 'https://pos.till-works.test/', '--connect', 'ws://127.0.0.1:9/none', '--timeout', '3000', '--out', tempOut()]);
    expect(run.code).toBe(3);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^cookie-audit: could not connect to the browser at ws:\/\/127\.0\.0\.1:9\/none: /);
  });
});

describe('--connect to a CDP endpoint', () => {
  let chrome: ChildProcess | undefined;
  afterAll(() => {
    chrome?.kill();
  });

  it('audits on a Chrome started with --remote-debugging-port; its profile decides about third-party cookies', async () => {
    // A profile that allows third-party cookies, as cookie-audit's own launch uses (src/browser/launch.ts).
    const profile = mkdtempSync(join(tmpdir(), 'cookie-audit-cdp-'));
    mkdirSync(join(profile, 'Default'));
    writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
    const started = spawn(
      findBrowser({}).executablePath,
      ['--headless=new', '--no-sandbox', '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', `--user-data-dir=${profile}`,
        `--host-resolver-rules=${hostResolverRules(fixtures.resolve.map(parseResolve))}`, 'about:blank'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    chrome = started;
    const endpoint = await new Promise<string>((resolve, reject) => {
      let text = '';
      started.stderr?.on('data', (d: Buffer) => {
        text += d.toString();
        const match = /DevTools listening on ws:\/\/([^/\s]+)\//.exec(text);
        if (match) resolve(`http://${match[1]}`);
      });
      started.on('exit', () => reject(new Error(`Chromium exited: ${text}`)));
    });
    const out = tempOut();
    const run = await runCli(['scan', 'https://pos.till-works.test/', '--connect', endpoint, '--ignore-https-errors', '--policy', manifest('pos.yaml'), '--phases', 'accept', '--out', out]);
    const result = readReports(run, out);
    expect(result.code).toBe(0);
    expect(phaseOf(result.report, 'accept').cookies.find((c) => c.name === 'fr')).toMatchObject({ domain: '.facebook.com', party: 'third' });
  });
});
