/**
 * A research fleet as it really runs: results stream into sites.ndjson site by site, a run killed with
 * SIGKILL is finished with --resume, shards started in parallel are killed, resumed and merged, and a disk
 * that fills up is named in the message and finished with --resume once there is room. Three one-page
 * sites (the fleet bench's, no banner), one uninterrupted run to compare everything with.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOnePageFleet } from '../../fixtures/generate.js';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server.js';
import type { Finding } from '../../src/audit/types.js';
import { validateSiteLine } from '../../src/report/validate.js';
import { CLI, readReports, runCli, tempOut, type CliRun, type ScanResult } from './harness.js';

let server: FixtureServer;
let urlsFile: string;
let sites: string[];
/** The CLI's own temporary folders (browser profiles) go here: a SIGKILLed run cannot remove its own. */
let cliTmp: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-fleet-resume-'));
  sites = writeOnePageFleet(join(dir, 'sites'), 3);
  server = await startFixtureServer({ sitesDir: join(dir, 'sites') });
  urlsFile = join(dir, 'urls.txt');
  writeFileSync(urlsFile, `${sites.join('\n')}\n`);
  cliTmp = join(dir, 'tmp');
  mkdirSync(cliTmp);
});
afterAll(() => server.close());

const scanArgs = (out: string, extra: string[] = []) => [
  'scan', '--urls', urlsFile, ...server.resolve.flatMap((r) => ['--resolve', r]), '--ignore-https-errors',
  // A long page timeout: the runs are compared, and a page slowed past 30 s by a busy machine would differ.
  '--max-pages', '1', '--timeout', '120000', '--format', 'json,junit', '--out', out, ...extra,
];
const env = () => ({ TMPDIR: cliTmp });
const scan = (out: string, extra: string[] = []) => runCli(scanArgs(out, extra), env());

/** Starts a scan, and kills it with SIGKILL once its sites.ndjson holds a site (or it ended by itself). */
async function killAfterFirstSite(out: string, extra: string[]): Promise<void> {
  const child: ChildProcess = spawn(process.execPath, [CLI, ...scanArgs(out, extra)], { env: { ...process.env, NO_COLOR: '1', COOKIE_AUDIT_DB: '', ...env() }, stdio: 'ignore' });
  const ended = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const file = join(out, 'sites.ndjson');
  let alive = true;
  void ended.then(() => (alive = false));
  while (alive && !(existsSync(file) && readFileSync(file, 'utf8').includes('\n'))) await new Promise((r) => setTimeout(r, 100));
  if (alive) child.kill('SIGKILL');
  await ended;
}

const linesOf = (out: string) => readFileSync(join(out, 'sites.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { evidence: { url: string } });

/**
 * A finding as two runs can agree on it: stored lifetimes are measured when the cookie is seen (runs seconds
 * apart agree to the hour), and no-consent-banner says how long the pre phase looked ("after 3.7 s").
 */
function comparable(finding: Finding): Finding {
  const untimed = (text: string) => text.replace(/\d+(?:\.\d+)? s\b/g, '… s');
  const evidence = Object.fromEntries(
    Object.entries(finding.evidence ?? {}).map(([k, v]) => [k, k === 'storedSeconds' && typeof v === 'number' ? Math.round(v / 3600) : typeof v === 'string' ? untimed(v) : v]),
  );
  return { ...finding, message: untimed(finding.message), ...(finding.evidence ? { evidence } : {}) };
}

let whole: ScanResult;
beforeAll(async () => {
  const out = tempOut();
  whole = readReports(await scan(out, ['--sites-concurrency', '3']), out);
}, 300_000);

describe('a fleet killed with SIGKILL, then resumed', () => {
  let resumed: ScanResult;
  let halfLine: string;
  beforeAll(async () => {
    const out = tempOut();
    await killAfterFirstSite(out, ['--sites-concurrency', '1']);
    // As if the kill had come in the middle of writing the next line.
    halfLine = readFileSync(join(out, 'sites.ndjson'), 'utf8').split('\n')[0]!.slice(0, 200);
    appendFileSync(join(out, 'sites.ndjson'), halfLine);
    resumed = readReports(await scan(out, ['--resume', out, '--sites-concurrency', '2']), out);
  }, 300_000);

  it('finishes the run: every site once in the reports, in list order, the findings of an uninterrupted run', () => {
    expect(resumed.stderr).toMatch(/Resuming .*: [12] of 3 sites already done\./);
    expect(resumed.report.sites.map((s) => s.evidence.url)).toEqual(sites);
    expect(resumed.report.findings.map(comparable)).toEqual(whole.report.findings.map(comparable));
    expect(resumed.report.summary).toEqual(whole.report.summary);
    expect(resumed.code).toBe(whole.code);
  });

  it('sites.ndjson holds each site exactly once, the half-written line gone, each line valid against its schema', () => {
    const text = readFileSync(join(resumed.out, 'sites.ndjson'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text).not.toContain(`${halfLine}{`);
    const lines = linesOf(resumed.out);
    expect(lines.map((l) => l.evidence.url).sort()).toEqual([...sites].sort());
    for (const line of lines) expect(validateSiteLine(line)).toEqual([]);
  });
});

describe('--resume refuses a folder it cannot finish (exit 2, before any browser starts)', () => {
  it('names the option that differs', async () => {
    const run = await scan(whole.out, ['--resume', whole.out, '--phases', 'pre']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`cookie-audit: --resume ${whole.out}: that run was made with phases ["pre","reject","accept"], this one with ["pre"]; resume with the same options, or scan into a new --out folder`);
  });

  it('names a site of the folder that this list lacks', async () => {
    const shorter = join(cliTmp, '..', 'two-sites.txt');
    writeFileSync(shorter, `${sites.slice(0, 2).join('\n')}\n`);
    const run = await runCli(['scan', '--urls', shorter, '--resume', whole.out, '--max-pages', '1', ...server.resolve.flatMap((r) => ['--resolve', r])], env());
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`cookie-audit: --resume ${whole.out}: sites.ndjson holds ${sites[2]}, which is not a site of this run; resume with the same --urls list and --shard`);
  });
});

describe('shards started in parallel, killed, resumed and merged', () => {
  let merged: ScanResult;
  let unfinished: CliRun;
  beforeAll(async () => {
    const outs = [tempOut(), tempOut()];
    await Promise.all(outs.map((out, i) => killAfterFirstSite(out, ['--shard', `${i + 1}/2`, '--sites-concurrency', '1'])));
    unfinished = await runCli(['merge', ...outs, '--out', tempOut()]);
    await Promise.all(outs.map((out, i) => scan(out, ['--shard', `${i + 1}/2`, '--resume', out])));
    const out = tempOut();
    merged = readReports(await runCli(['merge', ...[...outs].reverse(), '--out', out]), out);
  }, 400_000);

  it('merged from their sites.ndjson, they give the report of one uninterrupted run', () => {
    expect(merged.stderr).toContain('Merged 2 runs (3 of 3 sites done).');
    expect(merged.report.sites.map((s) => s.evidence.url)).toEqual(sites);
    expect(merged.report.findings.map(comparable)).toEqual(whole.report.findings.map(comparable));
    expect(merged.report.summary).toEqual(whole.report.summary);
    expect(merged.code).toBe(whole.code);
  });

  it('merged before they were resumed, the report says which sites are missing (exit 3) or is whole', () => {
    const missing = /Merged 2 runs \((\d) of 3 sites done\)/.exec(unfinished.stderr);
    expect(missing, unfinished.stderr).not.toBeNull();
    expect(unfinished.code).toBe(missing![1] === '3' ? whole.code : 3);
  });
});

describe('a disk that fills up', () => {
  let mount: string | undefined;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-small-disk-'));
    // 12 kB: room for run.json, not for a site's line of sites.ndjson.
    const result = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=12k', 'tmpfs', dir], { encoding: 'utf8' });
    if (result.status === 0) mount = dir;
    else console.log(`skipped: the full-disk tests need to mount a small tmpfs, which is not allowed here (${(result.stderr || String(result.error)).trim()})`);
  });
  afterAll(() => {
    if (mount) spawnSync('umount', [mount]);
  });

  it('a sites.ndjson that cannot be written is named, the scan stops (exit 3), and --resume finishes it once there is room', async (context) => {
    if (!mount) return context.skip();
    const out = join(mount, 'out');
    const one = join(cliTmp, '..', 'one-site.txt');
    writeFileSync(one, `${sites[0]}\n`);
    const args = (extra: string[]) => ['scan', '--urls', one, ...server.resolve.flatMap((r) => ['--resolve', r]), '--ignore-https-errors', '--max-pages', '1', '--timeout', '120000', '--format', 'json,junit', ...extra];
    const full = await runCli(args(['--out', out]), env());
    expect(full.code).toBe(3);
    expect(full.stderr).toContain(`cookie-audit: could not write ${join(out, 'sites.ndjson')}: no space left on the device (ENOSPC); the scan stopped with 1 site(s) done: free space, then run the same command with --resume ${out} to finish`);
    expect(full.stderr).not.toMatch(/unexpected error|\n\s+at /);
    // Room again: the run is finished where it stopped.
    expect(spawnSync('mount', ['-o', 'remount,size=4m', mount]).status).toBe(0);
    const done = await runCli(args(['--resume', out]), env());
    const reports = readReports(done, out);
    expect(reports.report.sites.map((s) => s.evidence.url)).toEqual([sites[0]]);
    expect(reports.report.summary.incomplete).toEqual([]);
  }, 200_000);

  it('a report that cannot be written is named, with those that were; earlier files stay whole; --resume writes it once there is room', async (context) => {
    if (!mount) return context.skip();
    // The uninterrupted run's folder, copied to a disk with room for its sites but not for report.json.
    rmSync(join(mount, 'out'), { recursive: true, force: true });
    spawnSync('mount', ['-o', 'remount,size=4m', mount]);
    const out = join(mount, 'fleet');
    mkdirSync(out);
    for (const name of ['run.json', 'sites.ndjson', 'junit.xml']) copyFileSync(join(whole.out, name), join(out, name));
    writeFileSync(join(out, 'report.json'), '{"earlier": "complete"}\n');
    // Room for what is there, a new junit.xml beside the old one and 12 kB: not for report.json.
    const pages = (name: string) => Math.ceil(statSync(join(out, name)).size / 4096) * 4096;
    const room = (['run.json', 'sites.ndjson', 'junit.xml', 'report.json'].reduce((n, f) => n + pages(f), 0) + pages('junit.xml') + 12 * 1024) / 1024;
    expect(whole.reportText.length).toBeGreaterThan(pages('junit.xml') + 16 * 1024);
    expect(spawnSync('mount', ['-o', `remount,size=${room}k`, mount]).status).toBe(0);

    const full = await scan(out, ['--resume', out]);
    expect(full.code).toBe(3);
    const report = join(out, 'report.json');
    expect(full.stderr).toContain(`cookie-audit: could not write ${report}: no space left on the device (ENOSPC)\n`);
    expect(full.stderr).toContain(`cookie-audit: written: ${join(out, 'junit.xml')}; free space, then run the same command with --resume ${out} to finish\n`);
    expect(full.stderr).not.toMatch(/unexpected error|\n\s+at /);
    expect(readFileSync(report, 'utf8')).toBe('{"earlier": "complete"}\n');

    expect(spawnSync('mount', ['-o', 'remount,size=4m', mount]).status).toBe(0);
    const done = readReports(await scan(out, ['--resume', out]), out);
    expect(done.report.findings).toEqual(whole.report.findings);
    expect(done.reportText).toBe(whole.reportText);
  }, 200_000);
});
