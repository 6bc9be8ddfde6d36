/**
 * End-to-end harness: the real CLI (compiled, as users run it) in real Chromium against the fixture
 * sites on loopback. Every report.json it reads is validated against the report schema, every junit.xml
 * is parsed by a strict XML reader.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server.js';
import type { Finding } from '../../src/audit/types.js';
import type { Phase } from '../../src/evidence/types.js';
import type { AuditReport } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
import { parseXml, type XmlTreeElement } from '../report/strict-xml.js';
import { checkPeopleReports } from './report-checks.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = join(ROOT, 'bin', 'cookie-audit.js');
export const manifest = (name: string) => join(ROOT, 'fixtures', 'manifests', name);

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The page timeout the tests' browser runs get unless they give their own: fixture pages are on loopback and
 * always finish, so a page that takes longer than the product's 30 s default in a test is a machine starved by
 * the other test files (CI saw the first four sites of consent-matrix, 12 contexts opened at once, go past 30 s).
 * Tests about pages that never finish set --timeout themselves.
 */
export const TEST_PAGE_TIMEOUT_MS = 120_000;

/** Commands that load pages in a browser and take --timeout. */
function loadsPages(args: readonly string[]): boolean {
  return args[0] === 'scan' || args[0] === 'demo' || (args[0] === 'policy' && args[1] === 'extract');
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, cwd = ROOT): Promise<CliRun> {
  const timeout = loadsPages(args) && !args.includes('--timeout') && !args.includes('--help') ? ['--timeout', String(TEST_PAGE_TIMEOUT_MS)] : [];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args, ...timeout], {
      cwd,
      // COOKIE_AUDIT_DB '': a local cookie database on the test machine (db import) must not change what scans see.
      env: { ...process.env, NO_COLOR: '1', COOKIE_AUDIT_DB: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function tempOut(): string {
  return mkdtempSync(join(tmpdir(), 'cookie-audit-e2e-'));
}

export interface ScanResult extends CliRun {
  out: string;
  report: AuditReport;
  junit: XmlTreeElement;
  junitText: string;
  reportText: string;
}

/** Reads and checks the reports a run wrote. */
export function readReports(run: CliRun, out: string): ScanResult {
  const reportPath = join(out, 'report.json');
  expect(existsSync(reportPath), `report.json missing; stderr: ${run.stderr}`).toBe(true);
  const reportText = readFileSync(reportPath, 'utf8');
  const report = JSON.parse(reportText) as AuditReport;
  expect(validateReport(report)).toEqual([]);
  const junitText = readFileSync(join(out, 'junit.xml'), 'utf8');
  checkPeopleReports(out, report);
  return { ...run, out, report, reportText, junitText, junit: parseXml(junitText) };
}

/** Scans fixture URLs with the fixture hosts mapped to the server, as a user would with --resolve. */
export async function scanFixture(server: FixtureServer, urls: string[], args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<ScanResult> {
  const out = tempOut();
  const resolve = server.resolve.flatMap((r) => ['--resolve', r]);
  const run = await runCli(['scan', ...urls, ...resolve, '--ignore-https-errors', '--out', out, '--format', 'console,json,junit,html,sarif,md', ...args], env);
  return readReports(run, out);
}

export async function withFixtures(): Promise<FixtureServer> {
  return startFixtureServer();
}

/** A finding in the compact form tests compare: "ruleId phase item-name". */
export function brief(f: Finding): string {
  return [f.ruleId, f.phase ?? '-', f.item.name].join(' ');
}

export function findingsOf(report: AuditReport, ruleId?: string): Finding[] {
  return report.findings.filter((f) => ruleId === undefined || f.ruleId === ruleId);
}

/** The site of a report whose start URL has this host (for runs of many sites). */
export function siteByHost(report: AuditReport, host: string) {
  const site = report.sites.find((s) => new URL(s.evidence.url).hostname === host);
  if (!site) throw new Error(`${host} is not in the report`);
  return site;
}

/** One phase of the site with this host. */
export function phaseByHost(report: AuditReport, host: string, phase: Phase) {
  const found = siteByHost(report, host).evidence.phases.find((p) => p.phase === phase);
  if (!found) throw new Error(`${host}: no ${phase} phase`);
  return found;
}

export function phaseOf(report: AuditReport, phase: Phase, site = 0) {
  const p = report.sites[site]?.evidence.phases.find((x) => x.phase === phase);
  if (!p) throw new Error(`no ${phase} phase in report`);
  return p;
}
