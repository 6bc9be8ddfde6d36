// `npm run bench -- --fleet`: many one-page sites, as researchers and agencies audit them. Not a test.
//
// Generates N one-page sites without a banner (fixtures/generate.ts, writeOnePageFleet: a header cookie, a
// script cookie, a third-party script setting _ga), serves them on loopback and runs, in one run:
//   (a) the floor: bench/fleet-floor.mjs, plain Playwright visiting each site three times, each visit in a
//       fresh context, the same wait rule; run with 2, 3, 4, 6, 8, 12 and 18 visits at a time (--floor-sweep),
//       and at twice the most while the most is the fastest; the fastest kept: the floor is the fastest way
//       plain Playwright does these visits on this machine;
//   (b) `cookie-audit scan --urls <list> --max-pages 1` with the default phases (pre, reject, accept) and,
//       unless --sites-concurrency is given, the default number of sites at once.
// It prints sites per hour of both and their ratio (b) / (a), the peak memory of each (Node, and the
// browser's processes: RSS and PSS), the CPU time each used by kind of process (the Node script, the
// browser's main process, its renderers, its GPU process, the rest; read from /proc, see bench/measure.mjs)
// with how busy the whole machine was (a fleet that keeps every core busy is bound by CPU time: only doing
// less work makes it faster, not waiting less), and the sum over the fleet of each step of the audit's phases
// (from report.json's timings) next to the floor's. With several sizes (--sites 40,200) it also prints how
// the peak memory grew from the smallest to the largest.
//
// With several sizes it prints Node's peak memory at the largest over the smallest (goal ≤ 1.2: the sites
// stream to sites.ndjson, so Node's memory must not grow with the fleet); --no-floor skips the floor runs
// (for memory runs at sizes where the floor's time is not wanted).
//
// --hostile [--hostile-share 0.1]: for each size N, N × share of the sites are hostile (bench/hostile-serve.mjs:
// endless redirects, a page that never finishes, a 50 MB page, a DOM that grows without end, a renderer that
// runs out of memory, an answer only after 60 s, 3 000 Set-Cookie headers, in turn), dealt evenly into the
// list. It audits the list without them and with them, and prints the time of both and their ratio (goal ≤
// 1.5), Node's peak memory of both, whether every site is accounted for (in report.json: done, or failed with
// its reason), and the browser processes still running after the scan ended (leaked). --no-baseline audits
// only the list with them (no ratio: for the accounting, memory and leaks when there is no time for both).
//
//   node bench/bench.mjs --fleet [--json] [--sites 40[,200]] [--sites-concurrency N] [--floor-sweep 2,3,4,6,8,12,18] [--no-floor] [-- extra scan flags]
//   node bench/bench.mjs --fleet --hostile [--json] [--sites 200] [--hostile-share 0.1] [--no-baseline] [-- extra scan flags]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMachine, measure, root, round, say, sweepFloor } from './measure.mjs';

const { writeOnePageFleet } = await import('../dist/fixtures/generate.js');
const crawlOptions = await import('../dist/src/cli/crawl-options.js');

const GOAL = 1.3;
const MEMORY_GOAL = 1.2;
const HOSTILE_GOAL = 1.5;
const args = process.argv.slice(2);
const json = args.includes('--json');
const dashes = args.indexOf('--');
const extra = dashes >= 0 ? args.slice(dashes + 1) : [];
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 && (dashes < 0 || i < dashes) ? args[i + 1] : undefined;
};
const sizes = (option('--sites') ?? '40').split(',').map(Number);
const withFloor = !args.includes('--no-floor') && !args.includes('--hostile');
const hostileShare = args.includes('--hostile') ? Number(option('--hostile-share') ?? 0.1) : 0;
const withBaseline = !args.includes('--no-baseline');
const sitesAtOnce = Number(option('--sites-concurrency') ?? crawlOptions.defaultSitesConcurrency?.() ?? 2);
const sweep = (option('--floor-sweep') ?? '2,3,4,6,8,12,18').split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(sitesAtOnce) || sitesAtOnce < 1 || sweep.some((n) => !Number.isInteger(n) || n < 1)) {
  process.stderr.write('bench --fleet: usage: node bench/bench.mjs --fleet [--json] [--sites 40[,200]] [--sites-concurrency N] [--floor-sweep 2,3,4,6,8,12,18] [-- scan flags]\n');
  process.exit(2);
}

/**
 * A server script in a process of its own (the memory sampling here must not delay its answers): resolves
 * with the JSON of the first line it prints, and a way to stop it.
 */
async function serveProcess(script, args, what) {
  const child = spawn(process.execPath, [join(root, 'bench', script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      if (text.includes('\n')) resolve(text.split('\n')[0]);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${what} exited (${code})`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return { ...JSON.parse(line), close: () => (child.kill('SIGTERM'), exited) };
}

/** The fixture server (bench/serve.mjs): { resolve, close }. */
const serve = (sitesDir) => serveProcess('serve.mjs', [sitesDir], 'fixture server');

const perHour = (sites, seconds) => Math.round((sites / seconds) * 3600);

const roundCpu = (cpu) => Object.fromEntries(Object.entries(cpu).map(([kind, s]) => [kind, round(s, 1)]));

/** "total 227 s (renderer 105, browser 66, node 14, gpu 13, other 6)" */
const cpuLine = (cpu) => `${cpu.total.toFixed(0)} s (${['renderer', 'browser', 'node', 'gpu', 'other'].map((k) => `${k} ${(cpu[k] ?? 0).toFixed(0)}`).join(', ')})`;

async function runFleet(sites) {
  const work = mkdtempSync(join(tmpdir(), `cookie-audit-bench-fleet-${sites}-`));
  try {
    const urls = writeOnePageFleet(join(work, 'sites'), sites);
    const urlsFile = join(work, 'urls.txt');
    writeFileSync(urlsFile, `${urls.join('\n')}\n`);
    const server = await serve(join(work, 'sites'));
    try {
      // The floor at every concurrency of the sweep; the fastest is the floor.
      const tried = withFloor
        ? (
            await sweepFloor(sweep, 3 * sites, async (visits) => {
              const run = await measure(join(root, 'bench', 'fleet-floor.mjs'), [urlsFile, String(visits), ...server.resolve]);
              if (run.code !== 0) throw new Error(`floor run failed (exit ${run.code}): ${run.stderr.split('\n')[0]}`);
              return { seconds: run.seconds, run, result: JSON.parse(run.stdout.trim().split('\n').pop()) };
            })
          ).map((t) => ({ visits: t.level, run: t.run, result: t.result }))
        : [];
      const best = tried.length > 0
        ? tried.reduce((a, b) => (b.run.seconds < a.run.seconds ? b : a))
        : { visits: NaN, run: { code: 0, seconds: NaN, peakNodeMB: NaN, peakBrowserMB: NaN, peakBrowserPssMB: NaN }, result: { steps: {}, failed: NaN } };
      const floor = best.run;
      const floorResult = best.result;
      const out = join(work, 'reports');
      const audit = await measure(join(root, 'bin', 'cookie-audit.js'), [
        'scan', '--urls', urlsFile, ...server.resolve.flatMap((r) => ['--resolve', r]), '--ignore-https-errors',
        '--max-pages', '1', '--sites-concurrency', String(sitesAtOnce), '--format', 'json', '--out', out, ...extra,
      ]);
      let report;
      try {
        report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
      } catch {
        throw new Error(`audit failed (exit ${audit.code}): ${audit.stderr.split('\n').filter(Boolean).pop()}`);
      }
      const phases = report.sites.flatMap((s) => s.evidence.phases);
      const steps = {};
      for (const phase of phases) {
        for (const [step, ms] of Object.entries(phase.timings ?? {})) steps[step] = (steps[step] ?? 0) + ms;
      }
      return {
        sites,
        sitesConcurrency: sitesAtOnce,
        floorSeconds: round(floor.seconds),
        floorVisitsAtOnce: best.visits,
        floorSweep: tried.map((t) => ({ visitsAtOnce: t.visits, seconds: round(t.run.seconds), failed: t.result.failed })),
        auditSeconds: round(audit.seconds),
        ratio: round(audit.seconds / floor.seconds, 3),
        floorSitesPerHour: perHour(sites, floor.seconds),
        auditSitesPerHour: perHour(sites, audit.seconds),
        peakNodeMB: round(audit.peakNodeMB, 1),
        peakBrowserMB: round(audit.peakBrowserMB, 1),
        peakBrowserPssMB: round(audit.peakBrowserPssMB, 1),
        floorPeakNodeMB: round(floor.peakNodeMB, 1),
        floorPeakBrowserMB: round(floor.peakBrowserMB, 1),
        floorPeakBrowserPssMB: round(floor.peakBrowserPssMB, 1),
        stepsMs: steps,
        floorStepsMs: floorResult.steps,
        sitesOk: report.sites.filter((s) => s.evidence.status === 'ok').length,
        phasesCompleted: phases.filter((p) => p.status === 'completed').length,
        auditPageErrors: phases.reduce((n, p) => n + p.errors.length, 0),
        floorFailedVisits: floorResult.failed,
        findings: report.summary.findings,
        exitCode: audit.code,
        incomplete: report.summary.incomplete.slice(0, 5),
        leakedProcesses: audit.leakedProcesses.length,
        cpuSeconds: roundCpu(audit.cpuSeconds),
        floorCpuSeconds: roundCpu(floor.cpuSeconds ?? {}),
        cpuRatio: round(audit.cpuSeconds.total / (floor.cpuSeconds?.total ?? NaN), 3),
        machineBusyShare: round(audit.machineBusyShare, 3),
        floorMachineBusyShare: round(floor.machineBusyShare ?? NaN, 3),
      };
    } finally {
      await server.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The hostile sites' server (bench/hostile-serve.mjs), in a process of its own: { resolve, kinds, close }. */
const serveHostile = () => serveProcess('hostile-serve.mjs', [], 'hostile server');

/** One audit of a list, measured: time, memory, leaked processes, and what report.json says of each site. */
async function auditList(work, name, urls, resolve) {
  const urlsFile = join(work, `${name}.txt`);
  writeFileSync(urlsFile, `${urls.join('\n')}\n`);
  const out = join(work, `reports-${name}`);
  const run = await measure(join(root, 'bin', 'cookie-audit.js'), [
    'scan', '--urls', urlsFile, ...resolve.flatMap((r) => ['--resolve', r]), '--ignore-https-errors',
    '--max-pages', '1', '--sites-concurrency', String(sitesAtOnce), '--format', 'json', '--out', out, ...extra,
  ]);
  let report;
  try {
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  } catch {
    throw new Error(`audit of ${name} failed (exit ${run.code}): ${run.stderr.split('\n').filter(Boolean).pop()}`);
  }
  const bySite = new Map(report.sites.map((s) => [s.evidence.url, s]));
  const sites = urls.map((url) => {
    const site = bySite.get(url);
    if (!site) return { url, accounted: false };
    const errors = site.evidence.phases.flatMap((p) => p.errors.map((e) => `${p.phase}: ${e.kind}: ${e.message.split('\n')[0].slice(0, 120)}`));
    const failedPhases = site.evidence.phases.filter((p) => p.status === 'failed').length;
    return { url, accounted: true, status: site.evidence.status, failedPhases, errors, retries: site.evidence.retries ?? [], cookies: Math.max(0, ...site.evidence.phases.map((p) => p.cookies.length)) };
  });
  return { run, report, sites };
}

/** --hostile: the list without its hostile sites, and with them. */
async function runHostile(size) {
  const work = mkdtempSync(join(tmpdir(), `cookie-audit-bench-hostile-${size}-`));
  try {
    const hostileCount = Math.max(1, Math.round(size * hostileShare));
    const benign = writeOnePageFleet(join(work, 'sites'), size - hostileCount);
    const hostile = Array.from({ length: hostileCount }, (_, i) => `http://www.hostile-${String(i + 1).padStart(4, '0')}.hostile-bench.test/`);
    // Dealt evenly: a hostile site after every (size / hostileCount − 1) benign ones.
    const mixed = [];
    const every = benign.length / hostileCount;
    let h = 0;
    benign.forEach((url, i) => {
      mixed.push(url);
      if (h < hostileCount && i + 1 >= Math.round((h + 1) * every)) mixed.push(hostile[h++]);
    });
    while (h < hostileCount) mixed.push(hostile[h++]);
    const server = await serve(join(work, 'sites'));
    const bad = await serveHostile();
    try {
      // The hostile rule first: the fixture server's *.test would match its hosts too.
      const resolve = [...bad.resolve, ...server.resolve];
      const clean = withBaseline ? await auditList(work, 'benign', benign, resolve) : undefined;
      const withHostile = await auditList(work, 'mixed', mixed, resolve);
      const hostileSites = withHostile.sites.filter((s) => s.url.includes('.hostile-bench.test'));
      const kindOf = (url) => bad.kinds[(Number(/hostile-(\d+)/.exec(url)[1]) - 1) % bad.kinds.length];
      // A figure of both runs; the benign one is null under --no-baseline.
      const both = (figure) => ({ benign: clean ? figure(clean.run) : null, mixed: figure(withHostile.run) });
      return {
        sites: size,
        hostileSites: hostileCount,
        sitesConcurrency: sitesAtOnce,
        benignSeconds: both((run) => round(run.seconds)).benign,
        mixedSeconds: round(withHostile.run.seconds),
        ratio: clean ? round(withHostile.run.seconds / clean.run.seconds, 3) : null,
        peakNodeMB: both((run) => round(run.peakNodeMB, 1)),
        peakBrowserPssMB: both((run) => round(run.peakBrowserPssMB, 1)),
        exitCodes: both((run) => run.code),
        accounted: withHostile.sites.filter((s) => s.accounted).length,
        notAccounted: withHostile.sites.filter((s) => !s.accounted).map((s) => s.url),
        benignOkInMixed: withHostile.sites.filter((s) => !s.url.includes('.hostile-bench.test') && s.status === 'ok' && s.errors.length === 0).length,
        leakedProcesses: both((run) => run.leakedProcesses.length),
        hostile: hostileSites.map((s) => ({ kind: kindOf(s.url), url: s.url, status: s.status, failedPhases: s.failedPhases, cookies: s.cookies, retries: s.retries.length, reason: s.errors[0] ?? (s.status === 'ok' ? 'audited' : 'no reason recorded') })),
      };
    } finally {
      await bad.close();
      await server.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (hostileShare > 0) {
  const machine = describeMachine();
  const load = (await import('node:os')).loadavg().map((l) => round(l, 1));
  say(`cookie-audit hostile fleet benchmark: ${sizes.join(', ')} one-page sites, ${Math.round(hostileShare * 100)} % hostile, ${sitesAtOnce} at a time, 3 phases; ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}; load average at start ${load.join(' ')}`);
  const results = [];
  for (const size of sizes) {
    const r = await runHostile(size);
    results.push(r);
    say('');
    if (r.ratio === null) say(`${size} sites (${r.hostileSites} hostile): with them ${r.mixedSeconds.toFixed(1)} s; without them not run (--no-baseline), so no ratio`);
    else say(`${size} sites (${r.hostileSites} hostile): without them ${r.benignSeconds.toFixed(1)} s, with them ${r.mixedSeconds.toFixed(1)} s, ratio ${r.ratio.toFixed(2)} (goal ≤ ${HOSTILE_GOAL}: ${r.ratio <= HOSTILE_GOAL ? 'met' : 'NOT met'})`);
    say(`  accounted for: ${r.accounted}/${size} sites${r.notAccounted.length > 0 ? ` (missing: ${r.notAccounted.join(', ')})` : ''}; benign sites clean in the mixed run: ${r.benignOkInMixed}/${size - r.hostileSites}`);
    const pair = (o, f = (v) => v) => (o.benign === null ? `${f(o.mixed)} (with them)` : `${f(o.benign)} / ${f(o.mixed)}`);
    say(`  peak node ${pair(r.peakNodeMB, (v) => v.toFixed(0))} MB, browser PSS ${pair(r.peakBrowserPssMB, (v) => v.toFixed(0))} MB; leaked browser processes: ${pair(r.leakedProcesses)}; exit ${pair(r.exitCodes)}`);
    for (const s of r.hostile) say(`    ${s.kind.padEnd(18)} ${String(s.status).padEnd(11)} ${s.failedPhases} failed phase(s), ${s.cookies} cookies, ${s.retries} retr${s.retries === 1 ? 'y' : 'ies'}: ${s.reason}`);
  }
  if (json) say(JSON.stringify({ hostile: results, goal: HOSTILE_GOAL, loadAverageAtStart: load, machine }));
  process.exit(0);
}

const machine = describeMachine();
const load = (await import('node:os')).loadavg().map((l) => round(l, 1));
say(`cookie-audit fleet benchmark: ${sizes.join(', ')} one-page sites, ${sitesAtOnce} at a time, 3 phases; ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}; load average at start ${load.join(' ')}`);
const results = [];
for (const sites of sizes) {
  const r = await runFleet(sites);
  results.push(r);
  say('');
  if (!withFloor) say(`${sites} sites: audit ${r.auditSeconds.toFixed(1)} s (${r.auditSitesPerHour} sites/h); floor skipped (--no-floor); leaked browser processes: ${r.leakedProcesses}`);
  else {
    say(`${sites} sites: floor sweep (visits at once → s): ${r.floorSweep.map((t) => `${t.visitsAtOnce} → ${t.seconds.toFixed(1)}`).join(', ')}`);
    say(`${sites} sites: floor ${r.floorSeconds.toFixed(1)} s at ${r.floorVisitsAtOnce} visits at once (${r.floorSitesPerHour} sites/h), audit ${r.auditSeconds.toFixed(1)} s (${r.auditSitesPerHour} sites/h), ratio ${r.ratio.toFixed(2)} (goal ≤ ${GOAL}: ${r.ratio <= GOAL ? 'met' : 'NOT met'})`);
  }
  say(`  CPU time: audit ${cpuLine(r.cpuSeconds)}, machine ${(r.machineBusyShare * 100).toFixed(0)} % busy${withFloor ? `; floor ${cpuLine(r.floorCpuSeconds)}, machine ${(r.floorMachineBusyShare * 100).toFixed(0)} % busy; CPU ratio ${r.cpuRatio.toFixed(2)}` : ''}`);
  say(`  peak memory: audit node ${r.peakNodeMB.toFixed(0)} MB, browser ${r.peakBrowserMB.toFixed(0)} MB RSS / ${r.peakBrowserPssMB.toFixed(0)} MB PSS${withFloor ? `; floor node ${r.floorPeakNodeMB.toFixed(0)} MB, browser ${r.floorPeakBrowserMB.toFixed(0)} / ${r.floorPeakBrowserPssMB.toFixed(0)} MB` : ''}`);
  if (r.incomplete.length > 0) say(`  exit ${r.exitCode}, incomplete: ${r.incomplete.join('; ')}`);
  say(`  ${r.sitesOk}/${sites} sites ok, ${r.phasesCompleted} phases completed, ${r.auditPageErrors} page errors${withFloor ? ` (floor: ${r.floorFailedVisits} failed visits)` : ''}, ${r.findings} findings`);
  say('  step sums over the fleet (seconds; steps of a phase overlap with other phases and sites):');
  say('    step          audit    floor');
  const names = [...new Set([...Object.keys(r.stepsMs), ...Object.keys(r.floorStepsMs)])].filter((s) => s !== 'total');
  for (const step of names) {
    const a = r.stepsMs[step];
    const f = r.floorStepsMs[step];
    say(`    ${step.padEnd(12)} ${a === undefined ? '      -' : (a / 1000).toFixed(1).padStart(7)}  ${f === undefined ? '      -' : (f / 1000).toFixed(1).padStart(7)}`);
  }
  say(`    ${'phases'.padEnd(12)} ${((r.stepsMs.total ?? 0) / 1000).toFixed(1).padStart(7)}`);
}
let memoryGrowth;
if (results.length > 1) {
  const first = results[0];
  const last = results[results.length - 1];
  const g = (key) => round(last[key] / first[key] - 1, 3);
  memoryGrowth = { from: first.sites, to: last.sites, node: g('peakNodeMB'), browserRss: g('peakBrowserMB'), browserPss: g('peakBrowserPssMB') };
  const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)} %`;
  say('');
  say(`peak memory ${first.sites} → ${last.sites} sites: node ${pct(memoryGrowth.node)}, browser ${pct(memoryGrowth.browserRss)} RSS / ${pct(memoryGrowth.browserPss)} PSS`);
  memoryGrowth.nodeRatio = round(last.peakNodeMB / first.peakNodeMB, 3);
  say(`peak node memory: ${first.peakNodeMB.toFixed(0)} MB at ${first.sites} sites, ${last.peakNodeMB.toFixed(0)} MB at ${last.sites}: ratio ${memoryGrowth.nodeRatio.toFixed(2)} (goal ≤ ${MEMORY_GOAL}: ${memoryGrowth.nodeRatio <= MEMORY_GOAL ? 'met' : 'NOT met'})`);
}
if (json) say(JSON.stringify({ fleet: results, memoryGrowth, goal: GOAL, loadAverageAtStart: load, machine }));
