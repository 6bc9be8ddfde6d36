#!/usr/bin/env node
// The GitHub Action's entry (action.yml runs it): turns the action's inputs (INPUT_* variables) into a
// `cookie-audit scan` command, runs it, and sets the step outputs from report.json. The CLI itself prints
// the annotations (GITHUB_ACTIONS=true) and appends the Markdown summary to $GITHUB_STEP_SUMMARY.
// Plain Node with no dependencies, so it can be tested by running it with a runner's variables.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const cli = join(root, 'bin', 'cookie-audit.js');
const env = process.env;

/** The toolkit's spelling (INPUT_FAIL-ON) first, then the one shells can set (INPUT_FAIL_ON). */
function input(name) {
  const upper = name.toUpperCase();
  const value = env[`INPUT_${upper.replace(/ /g, '_')}`] ?? env[`INPUT_${upper.replace(/[- ]/g, '_')}`] ?? '';
  return value.trim();
}
const list = (text) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
const lines = (text) => text.split(/\r?\n/).map((s) => s.trim()).filter((s) => s && !s.startsWith('#'));
const truthy = (text) => /^(true|yes|1|on)$/i.test(text);

/** Workflow-command escaping, as @actions/core does it. */
const escapeData = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

function fail(message) {
  process.stdout.write(`::error title=cookie-audit::${escapeData(message)}\n`);
  process.exitCode = 2;
}

function setOutputs(outputs) {
  const file = env.GITHUB_OUTPUT;
  for (const [name, value] of Object.entries(outputs)) {
    if (file) {
      // The heredoc form GitHub documents for values that may contain anything.
      const delimiter = `ghadelimiter_${randomUUID()}`;
      appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
    } else {
      process.stdout.write(`${name}=${value}\n`);
    }
  }
}

/** Passes --max-pages only to a cookie-audit that has it. */
function scanSupports(option) {
  const help = spawnSync(process.execPath, [cli, 'scan', '--help'], { encoding: 'utf8' });
  return (help.stdout ?? '').includes(option);
}

function buildArgs() {
  const urls = list(input('urls'));
  if (urls.length === 0) return { error: 'the "urls" input is empty: give the start URL(s) of the site to audit' };
  const out = resolve(input('out') || 'cookie-audit-report');
  const formats = list(input('formats') || 'console,json,junit,sarif,md,html').map((f) => f.toLowerCase());
  // The job summary and the outputs are read from these; keep them whatever the user listed.
  for (const needed of ['json', 'md']) if (!formats.includes(needed)) formats.push(needed);
  const args = ['scan', ...urls, '--out', out, '--format', formats.join(',')];
  const policy = input('policy');
  const policyUrl = input('policy-url');
  if (policy) args.push('--policy', policy);
  if (policyUrl) args.push('--policy-url', policyUrl);
  if (input('fail-on')) args.push('--fail-on', input('fail-on'));
  if (input('phases')) args.push('--phases', input('phases'));
  if (input('baseline')) args.push('--baseline', input('baseline'));
  if (input('max-pages')) {
    if (scanSupports('--max-pages')) args.push('--max-pages', input('max-pages'));
    else process.stdout.write('::warning title=cookie-audit::this cookie-audit version has no --max-pages; the "max-pages" input is ignored\n');
  }
  for (const mapping of lines(input('resolve'))) args.push('--resolve', mapping);
  if (truthy(input('ignore-https-errors'))) args.push('--ignore-https-errors');
  if (truthy(input('evidence'))) args.push('--evidence');
  if (input('timestamp')) args.push('--timestamp', input('timestamp'));
  return { args, out, formats };
}

function readReport(out) {
  const file = join(out, 'report.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Runs the CLI with the runner's environment; resolves to its exit code. */
function runCli(args) {
  return new Promise((resolveCode) => {
    const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit', env: { ...env, GITHUB_ACTIONS: env.GITHUB_ACTIONS ?? 'true' } });
    child.on('error', (error) => {
      fail(`could not run cookie-audit: ${error.message}`);
      resolveCode(2);
    });
    child.on('close', (status) => resolveCode(status ?? 3));
  });
}

/**
 * `cookie-database: ocd`: the Open Cookie Database installed for this run only (runners have internet),
 * in a folder of the runner's temp space that is removed afterwards. A failed download is a warning: the
 * run is then judged with the built-in database alone, and the job summary says so.
 */
async function installCookieDatabase() {
  const choice = (input('cookie-database') || 'builtin').toLowerCase();
  if (choice === 'builtin') return { args: [] };
  if (choice !== 'ocd') return { error: `the "cookie-database" input is "${input('cookie-database')}": use builtin or ocd` };
  const folder = mkdtempSync(join(env.RUNNER_TEMP || tmpdir(), 'cookie-audit-db-'));
  const file = join(folder, 'open-cookie-database.json');
  const from = input('cookie-database-url');
  const code = await runCli(['db', 'update', '--cookie-db', file, ...(from ? ['--from', from] : [])]);
  if (code !== 0) {
    process.stdout.write('::warning title=cookie-audit::the Open Cookie Database could not be installed (see the log above); this run is judged with the built-in database only\n');
    return { args: [], folder };
  }
  return { args: ['--cookie-db', file], folder };
}

async function main() {
  const built = buildArgs();
  if (built.error) return fail(built.error);
  const database = await installCookieDatabase();
  if (database.error) return fail(database.error);
  const { out, formats } = built;
  const args = [...built.args, ...database.args];
  process.stderr.write(`cookie-audit ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}\n`);

  const code = await runCli(args);
  if (database.folder) rmSync(database.folder, { recursive: true, force: true });

  const report = readReport(out);
  const findings = report?.findings ?? [];
  const file = (name, format) => (formats.includes(format) && existsSync(join(out, name)) ? join(out, name) : '');
  setOutputs({
    'exit-code': String(code),
    findings: String(findings.length),
    'new-findings': String(findings.filter((f) => f.baseline !== 'known').length),
    errors: String(report?.summary?.bySeverity?.error ?? 0),
    warnings: String(report?.summary?.bySeverity?.warning ?? 0),
    'report-dir': out,
    'report-json': file('report.json', 'json'),
    'report-html': file('report.html', 'html'),
    'report-sarif': file('report.sarif', 'sarif'),
    'report-md': file('report.md', 'md'),
    junit: file('junit.xml', 'junit'),
  });
  process.exitCode = code;
}

await main();
