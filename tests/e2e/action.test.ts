/**
 * The GitHub Action's entry script, run as a runner runs it: INPUT_* variables, GITHUB_ACTIONS,
 * GITHUB_STEP_SUMMARY, GITHUB_OUTPUT and GITHUB_WORKSPACE set, on the Orion CRM fixture. The first run
 * has a baseline with none of the findings, so they are all new and the step fails; the second has the
 * first run's report (plus a finding since fixed) as baseline, so nothing is new and it passes.
 * Then `cookie-audit diff` compares the two reports.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../fixtures/server.js';
import type { AuditReport } from '../../src/report/types.js';
import { validateReport } from '../../src/report/validate.js';
import { validateSarif } from '../report/sarif-schema.js';
import { SMALL_OCD } from '../knowledge/ocd-copy.js';
import { startCsvMirror, type CsvMirror } from './csv-mirror.js';
import { startLocalTsa, type LocalTsa } from '../integrity/local-tsa.js';
import { ROOT, runCli, withFixtures, type CliRun } from './harness.js';

const ENTRY = join(ROOT, 'scripts', 'action-entry.mjs');
const POLICY = 'fixtures/manifests/orion-crm.yaml';

interface ActionRun extends CliRun {
  outputs: Record<string, string>;
  report: AuditReport;
}

let server: FixtureServer;
let tsa: LocalTsa;
let work: string;
let summaryFile: string;

/** GITHUB_OUTPUT in the heredoc form the script writes (name<<delimiter / value / delimiter). */
function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const [, name, , value] of readFileSync(file, 'utf8').matchAll(/^([\w-]+)<<(\S+)\n([^]*?)\n\2$/gm)) outputs[name!] = value!;
  return outputs;
}

function runAction(name: string, inputs: Record<string, string>, extraEnv: NodeJS.ProcessEnv = {}): Promise<ActionRun> {
  const outputFile = join(work, `${name}.output`);
  writeFileSync(outputFile, '');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: ROOT,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_OUTPUT: outputFile,
    INPUT_URLS: 'https://app.orion-crm.test/',
    INPUT_POLICY: POLICY,
    INPUT_PHASES: 'pre,reject',
    'INPUT_MAX-PAGES': '5',
    INPUT_OUT: join(work, name),
    INPUT_RESOLVE: server.resolve.join('\n'),
    INPUT_IGNORE_HTTPS_ERRORS: 'true',
    ...Object.fromEntries(Object.entries(inputs).map(([key, value]) => [`INPUT_${key}`, value])),
    ...extraEnv,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENTRY], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const outputs = readOutputs(outputFile);
      const report = JSON.parse(readFileSync(join(work, name, 'report.json'), 'utf8')) as AuditReport;
      resolve({ code: code ?? -1, stdout, stderr, outputs, report });
    });
  });
}

/** The manifest line the cookie's declaration starts on, as SARIF and annotations report it. */
function declarationLine(name: string): number {
  return readFileSync(join(ROOT, POLICY), 'utf8').split('\n').findIndex((line) => line.includes(`- name: ${name}`)) + 1;
}

let first: ActionRun;
let second: ActionRun;

beforeAll(async () => {
  server = await withFixtures();
  tsa = await startLocalTsa();
  work = mkdtempSync(join(tmpdir(), 'cookie-audit-action-'));
  summaryFile = join(work, 'step-summary.md');
  writeFileSync(summaryFile, '');
  const empty = join(work, 'empty-baseline.json');
  writeFileSync(empty, JSON.stringify({ findings: [] }));
  first = await runAction('first', { BASELINE: empty });

  // The first run's report as baseline, plus a finding this run can no longer see: it was fixed.
  const baseline = JSON.parse(JSON.stringify(first.report)) as AuditReport;
  baseline.findings.push({
    ruleId: 'pre-consent-cookie',
    severity: 'error',
    site: 'https://app.orion-crm.test/',
    phase: 'pre',
    item: { type: 'cookie', name: 'old_tracker', domain: '.orion-crm.test' },
    message: 'Cookie "old_tracker" was set before consent.',
  });
  const baselineFile = join(work, 'baseline.json');
  writeFileSync(baselineFile, JSON.stringify(baseline));
  // The second run is also kept as evidence: its traffic, and SHA256SUMS stamped by a time-stamp authority.
  second = await runAction('second', { BASELINE: baselineFile, EVIDENCE: 'true', TIMESTAMP: tsa.url });
}, 180_000);
afterAll(async () => {
  await tsa?.close();
  await server?.close();
});

describe('the action entry script, with a runner\u2019s environment', () => {
  it('fails on new findings', () => {
    expect(first.code, first.stderr).toBe(1);
    expect(first.outputs).toMatchObject({ 'exit-code': '1', findings: '3', 'new-findings': '3', errors: '1' });
  });

  it('annotates the manifest lines of new findings', () => {
    const annotations = first.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toContain(
      `::error file=${POLICY},line=${declarationLine('_orion_metrics')},title=cookie-after-reject%3A cookie _orion_metrics (app.orion-crm.test)::` +
        first.report.findings.find((f) => f.ruleId === 'cookie-after-reject')!.message +
        ' (phase reject, page https://app.orion-crm.test/; site https://app.orion-crm.test/)',
    );
    expect(annotations).toContainEqual(expect.stringMatching(new RegExp(`^::warning file=${POLICY},line=${declarationLine('__stripe_sid')},title=insecure-cookie%3A cookie __stripe_sid`)));
    expect(annotations).toContainEqual(expect.stringMatching(new RegExp(`^::notice file=${POLICY},line=${declarationLine('orion_remember')},title=declared-not-observed`)));
  });

  it('sets outputs pointing at every report, each valid', () => {
    const { outputs } = first;
    expect(outputs['report-dir']).toBe(join(work, 'first'));
    for (const key of ['report-json', 'report-html', 'report-sarif', 'report-md', 'junit']) expect(existsSync(outputs[key]!), key).toBe(true);
    expect(validateReport(JSON.parse(readFileSync(outputs['report-json']!, 'utf8')))).toEqual([]);
    expect(validateSarif(JSON.parse(readFileSync(outputs['report-sarif']!, 'utf8')))).toEqual([]);
  });

  it('passes --max-pages on only to a cookie-audit that has it', async () => {
    const help = await runCli(['scan', '--help']);
    if (help.stdout.includes('--max-pages')) expect(first.stderr).toContain('--max-pages 5');
    else expect(first.stdout).toContain('::warning title=cookie-audit::this cookie-audit version has no --max-pages');
  });

  it('passes when every finding is in the baseline, and lists what was fixed', () => {
    expect(second.code, second.stderr).toBe(0);
    expect(second.outputs).toMatchObject({ 'exit-code': '0', findings: '3', 'new-findings': '0' });
    expect(second.report.summary.baseline).toEqual({ new: 0, known: 3, fixed: 1 });
    expect(second.report.baseline?.fixed.map((f) => f.item.name)).toEqual(['old_tracker']);
    // Known findings are in the summary, not annotated again.
    expect(second.stdout.split('\n').filter((line) => /^::(error|warning|notice) /.test(line))).toEqual([]);
  });

  it('keeps the traffic and time-stamps SHA256SUMS when the evidence and timestamp inputs ask for it', async () => {
    expect(second.stderr).toMatch(/cookie-audit scan .* --evidence --timestamp http:\/\/127\.0\.0\.1:\d+/);
    for (const phase of ['pre', 'reject']) {
      expect(existsSync(join(work, 'first', `app.orion-crm.test-${phase}.har`))).toBe(false);
      expect(existsSync(join(work, 'second', `app.orion-crm.test-${phase}.har`))).toBe(true);
    }
    expect(existsSync(join(work, 'first', 'SHA256SUMS.tsr'))).toBe(false);
    expect(tsa.answered).toBe(1);
    const verify = await runCli(['verify', join(work, 'second')]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/intact: \d+ file\(s\) match SHA256SUMS; SHA256SUMS time-stamped \S+ by CN=cookie-audit test TSA/);
  });

  it('appends each run\u2019s Markdown summary to the job summary', () => {
    const summary = readFileSync(summaryFile, 'utf8');
    const [one, two] = summary.split(/(?=^### cookie-audit: )/m);
    expect(one).toMatch(/^### cookie-audit: Failed: 1 error, 1 warning, 1 info \(baseline: 3 new, 0 known, 0 fixed\)/);
    expect(one).toContain('| ✖ error | **new** | cookie-after-reject | reject | cookie \\_orion\\_metrics (app.orion-crm.test) |');
    expect(two).toMatch(/^### cookie-audit: Passed: no new finding at or above error; 1 error, 1 warning, 1 info \(baseline: 0 new, 3 known, 1 fixed\)/);
    expect(two).toContain('#### Fixed since the baseline: 1');
    expect(two).toContain('cookie old\\_tracker (.orion-crm.test)');
  });

  it('stops with one error line when no URL is given', async () => {
    const run = await new Promise<CliRun>((resolve) => {
      const child = spawn(process.execPath, [ENTRY], { cwd: ROOT, env: { ...process.env, GITHUB_ACTIONS: 'true', INPUT_URLS: ' ' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr: '' }));
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('::error title=cookie-audit::the "urls" input is empty: give the start URL(s) of the site to audit\n');
  });
});

describe('cookie-database: ocd, from a loopback mirror', () => {
  let mirror: CsvMirror;
  let run: ActionRun;
  let summaryBefore: number;
  beforeAll(async () => {
    mirror = await startCsvMirror({ '/open-cookie-database.csv': { body: SMALL_OCD, etag: '"mirror-1"' } });
    summaryBefore = readFileSync(summaryFile, 'utf8').length;
    run = await runAction(
      'ocd',
      { BASELINE: join(work, 'empty-baseline.json'), COOKIE_DATABASE: 'ocd', COOKIE_DATABASE_URL: `${mirror.http}/open-cookie-database.csv` },
      { HTTPS_PROXY: '', HTTP_PROXY: '', https_proxy: '', http_proxy: '', RUNNER_TEMP: work },
    );
  }, 120_000);
  afterAll(() => mirror?.close());

  it('installs the Open Cookie Database for the run and judges with both databases', () => {
    expect(run.stdout).toMatch(/Installed the Open Cookie Database \(Apache-2\.0\) from http:\/\/127\.0\.0\.1:\d+\/open-cookie-database\.csv, ETag "mirror-1": 6 entries in /);
    const databases = run.report.options.cookieDatabases ?? [];
    expect(databases.map((db) => [db.name === 'built-in' ? 'built-in' : 'local', db.entries, db.source?.name])).toEqual([
      ['built-in', expect.any(Number), undefined],
      ['local', 6, 'Open Cookie Database'],
    ]);
    // The same findings as without it: the fixture's cookies are declared or built in.
    expect(run.outputs).toMatchObject({ findings: first.outputs['findings'], errors: first.outputs['errors'] });
  });

  it('says in the job summary which databases judged the run, and removes the installed copy afterwards', () => {
    const summary = readFileSync(summaryFile, 'utf8').slice(summaryBefore);
    expect(summary).toMatch(/^Judged with the known-cookie databases built-in \(\d+ entries\), .*open-cookie-database\.json \(6 entries, Open Cookie Database \(Apache-2\.0\) retrieved \d{4}-\d\d-\d\d\); tracker database: cookie-audit/m);
    const installed = run.report.options.cookieDatabases?.[1]?.name ?? '';
    expect(installed.startsWith(join(work, 'cookie-audit-db-'))).toBe(true);
    expect(existsSync(dirname(installed))).toBe(false);
  });
});

describe('action.yml', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { required?: boolean; default?: string }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: { id?: string; run?: string; env?: Record<string, string> }[] };
  };
  const audit = action.runs.steps.find((step) => step.id === 'audit');

  it('is a composite action that installs Chromium with Playwright\u2019s installer and runs the entry script', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.some((step) => step.run?.includes('playwright-core install --with-deps chromium'))).toBe(true);
    expect(audit?.run).toBe('node "$GITHUB_ACTION_PATH/scripts/action-entry.mjs"');
  });

  it('hands every input to the script, and every output comes from it', () => {
    const passed = Object.keys(action.inputs).filter((name) => name !== 'install-browser');
    expect(Object.entries(audit?.env ?? {}).sort()).toEqual(
      passed.map((name) => [`INPUT_${name.toUpperCase().replace(/-/g, '_')}`, `\${{ inputs.${name} }}`]).sort(),
    );
    for (const [name, output] of Object.entries(action.outputs)) {
      expect(output.value).toBe(`\${{ steps.audit.outputs.${name} }}`);
      expect(first.outputs, name).toHaveProperty(name);
    }
    expect(action.inputs['urls']?.required).toBe(true);
  });
});

describe('cookie-audit diff of the two runs', () => {
  it('finds the same cookies and one fixed finding, in console and Markdown', async () => {
    const a = join(work, 'baseline.json');
    const b = join(work, 'second', 'report.json');
    const text = await runCli(['diff', a, b]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('https://app.orion-crm.test\n  pre: no changes\n  reject: no changes');
    expect(text.stdout).toContain('Findings: 0 new, 1 fixed, 3 unchanged');
    const md = await runCli(['diff', a, b, '--format', 'md']);
    expect(md.stdout.split('\n')[0]).toBe('### cookie-audit diff: 0 new, 1 fixed, 3 unchanged findings');
    expect(md.stdout).toContain('| fixed | error | pre-consent-cookie | pre | cookie old\\_tracker (.orion-crm.test) |');
  });

  it('refuses what is not a report, in one line', async () => {
    const missing = await runCli(['diff', join(work, 'nope.json'), join(work, 'second', 'report.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`cookie-audit: ${join(work, 'nope.json')}: cannot read it (ENOENT); give the path of a report.json written by cookie-audit scan\n`);
    const badBaseline = await runCli(['scan', 'https://app.orion-crm.test/', '--baseline', join(work, 'first.output')]);
    expect(badBaseline.code).toBe(2);
    expect(badBaseline.stderr).toMatch(/^cookie-audit: --baseline .*first\.output: not JSON .*; give a report\.json written by cookie-audit scan\n$/);
  });
});
