// `npm run bench -- --soak`: a long unattended run, watched for leaks. Not a test.
//
// Twenty generated shops of 25 pages each (fixtures/generate.ts, the benchmark's shop under twenty hosts),
// served on loopback, audited in one `cookie-audit scan --urls` run with --concurrency 8 (pages at once in a
// phase) and the default --sites-concurrency. While it runs, the memory of the Node process and of the
// browser's processes is sampled every 500 ms; the figures at each finished site make the memory-over-time
// table. Growth is the peak of the last quarter of the sites against the peak of the second quarter (the
// first quarter is warm-up: browser start, first contexts, code compiled). After the run it counts:
//   - browser processes still running that ran below the scan (leaked: its exit does not end orphans);
//   - files the scan left in its temporary folder (TMPDIR points into the bench's own folder): profiles;
//   - whether the scan's process ended by itself, how long after its last output, and what Node still
//     listed as active at exit besides stdio (a preload prints process.getActiveResourcesInfo()).
//
//   node bench/bench.mjs --soak [--json] [--sites 20] [--pages 25] [--concurrency 8] [--sites-concurrency 2]
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMachine, measure, root, round, say } from './measure.mjs';

const { soakHost, writeManyPageSite } = await import('../dist/fixtures/generate.js');
const { startFixtureServer } = await import('../dist/fixtures/server.js');

const args = process.argv.slice(2);
const json = args.includes('--json');
const option = (name, fallback, min = 1) => {
  const i = args.indexOf(name);
  const value = Number(i >= 0 ? args[i + 1] : fallback);
  if (!Number.isInteger(value) || value < min) {
    process.stderr.write(`bench --soak: ${name} "${args[i + 1]}": give a whole number ≥ ${min}\n`);
    process.exit(2);
  }
  return value;
};
// Four at least: the memory figures compare quarters of the run.
const sites = option('--sites', 20, 4);
const pagesPerSite = option('--pages', 25);
const concurrency = option('--concurrency', 8);
const sitesConcurrency = option('--sites-concurrency', 2);

const HANDLES_MARK = 'cookie-audit-bench: active at exit ';

const work = mkdtempSync(join(tmpdir(), 'cookie-audit-soak-'));
const scanTmp = join(work, 'tmp');
mkdirSync(scanTmp);
const sitesDir = join(work, 'sites');
const urls = [];
for (let k = 1; k <= sites; k++) urls.push(...writeManyPageSite(sitesDir, pagesPerSite, soakHost(k)));
const urlsFile = join(work, 'urls.txt');
writeFileSync(urlsFile, `${urls.join('\n')}\n`);
const preload = join(work, 'active-at-exit.cjs');
writeFileSync(preload, `process.on('exit', () => process.stderr.write(${JSON.stringify(HANDLES_MARK)} + JSON.stringify(process.getActiveResourcesInfo()) + '\\n'));\n`);

const machine = describeMachine();
say(`cookie-audit soak run: ${sites} sites × ${pagesPerSite} pages = ${urls.length} pages, 3 phases, --concurrency ${concurrency}, --sites-concurrency ${sitesConcurrency}; ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}`);

const server = await startFixtureServer({ sitesDir });
let run;
const out = join(work, 'reports');
try {
  run = await measure(
    join(root, 'bin', 'cookie-audit.js'),
    [
      'scan', '--urls', urlsFile, ...server.resolve.flatMap((r) => ['--resolve', r]), '--ignore-https-errors',
      '--policy', join(root, 'fixtures', 'manifests', 'bench-shop.yaml'), '--max-pages', String(pagesPerSite),
      '--concurrency', String(concurrency), '--sites-concurrency', String(sitesConcurrency), '--format', 'json', '--out', out,
    ],
    { env: { TMPDIR: scanTmp }, nodeArgs: ['--require', preload], everyMs: 500, keepSamples: true },
  );
} finally {
  await server.close();
}

// ---- what the run left behind ----

const activeLine = run.stderrLines.find((l) => l.line.startsWith(HANDLES_MARK));
const activeAtExit = activeLine ? JSON.parse(activeLine.line.slice(HANDLES_MARK.length)) : null;
// stdout and stderr are pipes to this bench: those two are the process's own stdio, not leaks.
const activeBesidesStdio = activeAtExit?.filter((name) => name !== 'PipeWrap' && name !== 'TTYWrap') ?? null;
const tmpLeft = readdirSync(scanTmp);
let report;
try {
  report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
} catch {
  report = undefined;
}

// ---- memory over time, at each finished site ----

const finished = run.stderrLines.filter((l) => /^https?:\/\/\S+: (done|unreachable),/.test(l.line));
const timeline = finished.map((l, i) => ({
  sitesDone: i + 1,
  seconds: round(l.t, 1),
  nodeMB: round(l.sample.nodeMB, 1),
  browserMB: round(l.sample.browserMB, 1),
  browserPssMB: round(l.sample.browserPssMB, 1),
  browserProcesses: l.sample.browserProcesses,
}));
/** The samples taken while the sites from..to (1-based, by finishing order) were being finished. */
const samplesWhile = (from, to) => {
  const start = from <= 1 ? 0 : (finished[from - 2]?.t ?? Infinity);
  const end = finished[to - 1]?.t ?? Infinity;
  return run.samples.filter((s) => s.t > start && s.t <= end);
};
const peak = (samples, key) => samples.reduce((m, s) => Math.max(m, s[key]), 0);
const quarter = Math.max(1, Math.floor(sites / 4));
const second = samplesWhile(quarter + 1, 2 * quarter);
const last = samplesWhile(sites - quarter + 1, sites);
const growth = (key) => {
  const before = peak(second, key);
  const after = peak(last, key);
  return before > 0 && after > 0 ? round(after / before - 1, 3) : null;
};
const memoryGrowth = { nodeMB: growth('nodeMB'), browserMB: growth('browserMB'), browserPssMB: growth('browserPssMB') };
// Peak memory over time: the peaks of each quarter of the sites, in finishing order.
const quarters = [0, 1, 2, 3].map((q) => {
  const from = q * quarter + 1;
  const to = q === 3 ? sites : (q + 1) * quarter;
  const samples = samplesWhile(from, to);
  return { sites: `${from}–${to}`, peakNodeMB: round(peak(samples, 'nodeMB'), 1), peakBrowserMB: round(peak(samples, 'browserMB'), 1), peakBrowserPssMB: round(peak(samples, 'browserPssMB'), 1) };
});
const grew = Object.values(memoryGrowth).some((g) => g === null || g > 0.2);

const phases = report?.sites.flatMap((s) => s.evidence.phases) ?? [];
const result = {
  sites,
  pages: urls.length,
  concurrency,
  sitesConcurrency,
  exitCode: run.code,
  seconds: round(run.seconds, 1),
  pagesPerSecond: round(urls.length / run.seconds),
  peakNodeMB: round(run.peakNodeMB, 1),
  peakBrowserMB: round(run.peakBrowserMB, 1),
  peakBrowserPssMB: round(run.peakBrowserPssMB, 1),
  memoryGrowthAfterWarmup: memoryGrowth,
  peaksByQuarter: quarters,
  warmupSites: quarter,
  pagesVisited: phases.reduce((n, p) => n + p.pages.filter((v) => v.ok).length, 0),
  pageErrors: phases.reduce((n, p) => n + p.errors.length, 0),
  sitesReported: report?.sites.length ?? 0,
  browserProcessesSeen: run.browserProcessesSeen,
  leakedBrowserProcesses: run.leakedProcesses.length,
  tempFilesLeft: tmpLeft.length,
  exitedByItself: run.signal === null,
  secondsFromLastOutputToExit: round(run.exitLagSeconds, 2),
  activeAtExitBesidesStdio: activeBesidesStdio,
  timeline,
  machine,
};

say('');
say('memory over time (at each finished site):');
say('  sites   time   node MB   browser MB (RSS / PSS)   browser processes');
for (const point of timeline) {
  say(`  ${String(point.sitesDone).padStart(5)} ${point.seconds.toFixed(0).padStart(5)} s ${point.nodeMB.toFixed(0).padStart(8)}   ${point.browserMB.toFixed(0).padStart(8)} / ${point.browserPssMB.toFixed(0).padStart(5)}  ${String(point.browserProcesses).padStart(18)}`);
}
say('');
say('peak memory by quarter of the sites:');
for (const q of quarters) say(`  sites ${q.sites.padEnd(6)} node ${q.peakNodeMB.toFixed(0).padStart(4)} MB   browser ${q.peakBrowserMB.toFixed(0).padStart(5)} MB RSS / ${q.peakBrowserPssMB.toFixed(0).padStart(5)} MB PSS`);
say('');
say(`${result.pages} pages in ${result.seconds} s (${result.pagesPerSecond} pages/s, each in 3 phases), exit ${result.exitCode}; ${result.pagesVisited} page visits, ${result.pageErrors} page errors, ${result.sitesReported} sites in the report`);
say(`peak memory: node ${result.peakNodeMB.toFixed(0)} MB, browser ${result.peakBrowserMB.toFixed(0)} MB RSS / ${result.peakBrowserPssMB.toFixed(0)} MB PSS`);
const pct = (g) => (g === null ? 'n/a' : `${g >= 0 ? '+' : ''}${(g * 100).toFixed(0)} %`);
say(`growth after warm-up (peak of sites ${sites - quarter + 1}–${sites} against sites ${quarter + 1}–${2 * quarter}): node ${pct(memoryGrowth.nodeMB)}, browser ${pct(memoryGrowth.browserMB)} RSS / ${pct(memoryGrowth.browserPssMB)} PSS (target ≤ +20 %: ${grew ? 'NOT met' : 'met'})`);
say(`at exit: ${result.leakedBrowserProcesses} of ${result.browserProcessesSeen} browser processes still running, ${result.tempFilesLeft} files left in its temp folder, exited ${result.exitedByItself ? 'by itself' : `on signal ${run.signal}`} ${result.secondsFromLastOutputToExit} s after its last output, active at exit besides stdio: ${activeBesidesStdio === null ? 'unknown' : activeBesidesStdio.length === 0 ? 'nothing' : activeBesidesStdio.join(', ')}`);
if (json) say(JSON.stringify(result));

// Leaked processes would outlive the bench: end them, now that they are counted.
for (const pid of run.leakedProcesses) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone meanwhile
  }
}
rmSync(work, { recursive: true, force: true });
if (run.code !== 0 && run.code !== 1) {
  process.stderr.write(`bench --soak: the scan ended with exit ${run.code}: ${run.stderr.split('\n').filter((l) => l && !l.startsWith(HANDLES_MARK)).pop() ?? ''}\n`);
  process.exitCode = 1;
}
