#!/usr/bin/env node
// `npm run bench`: how fast cookie-audit audits a site, against the floor of what the browser itself costs.
//
// For each size (default 50, 200 and 1000 pages) it generates a shop with that many pages
// (fixtures/generate.ts: each page sets first-party cookies by header and by script, loads a third-party
// script that sets a cookie, and writes localStorage and sessionStorage), serves it on loopback, and runs
//   (a) the floor: bench/floor.mjs, plain Playwright visiting the pages once, same launch and wait rule,
//       capturing nothing, at 2, 4 and 8 pages at once and at the audit's concurrency (--floor-sweep), and
//       at twice the most while the most is the fastest; the fastest is the floor (a floor another
//       concurrency beats is not a floor);
//   (b) `cookie-audit scan` of the same pages in its three phases (pre, reject, accept), and once more with
//       the pre phase alone, which is one pass like the floor (reject and accept run side by side in (b)).
// It prints the time of each, the overhead ratio (b) / (3 × a), pages per second, and the peak memory of
// the Node process and of the browser's processes (sum of their RSS, and of their PSS, which counts shared
// pages once; sampled from /proc every 200 ms).
//
//   node bench/bench.mjs [--json] [--sizes 50,200,1000] [--concurrency N] [--floor-sweep 2,4,8]
//   node bench/bench.mjs --live-heap [--json] [--sizes …]   Node's live memory (runLiveHeap below)
//   node bench/bench.mjs --soak [--json] [--sites 20] [--pages 25] [--concurrency 8]   (bench/soak.mjs)
//   node bench/bench.mjs --single [--json] [--runs 5]   one page, three phases against one visit (bench/single.mjs)
//   node bench/bench.mjs --fleet [--json] [--sites 40[,200]] [--sites-concurrency N]   many one-page sites (bench/fleet.mjs)
// With --json the last line of output is one JSON object with every figure.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMachine, measure, root, round, say, sweepFloor } from './measure.mjs';

if (!existsSync(join(root, 'dist', 'src', 'cli', 'index.js'))) {
  process.stderr.write('bench: not built yet; run `npm run bench` (it builds first) or `npm run setup`\n');
  process.exit(2);
}
if (process.argv.includes('--soak')) {
  await import('./soak.mjs');
  process.exit(process.exitCode ?? 0);
}
if (process.argv.includes('--fleet')) {
  await import('./fleet.mjs');
  process.exit(process.exitCode ?? 0);
}
if (process.argv.includes('--single')) {
  await import('./single.mjs');
  process.exit(process.exitCode ?? 0);
}
const { writeManyPageSite } = await import('../dist/fixtures/generate.js');
const { startFixtureServer } = await import('../dist/fixtures/server.js');
const { defaultConcurrency } = await import('../dist/src/cli/crawl-options.js');

const args = process.argv.slice(2);
const json = args.includes('--json');
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const sizes = (option('--sizes') ?? '50,200,1000').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0).sort((a, b) => a - b);
const concurrency = Number(option('--concurrency') ?? defaultConcurrency());
const floorSweep = [...new Set([...(option('--floor-sweep') ?? '2,4,8').split(',').map(Number), concurrency])].sort((a, b) => a - b);
if (sizes.length === 0 || !Number.isInteger(concurrency) || concurrency < 1 || floorSweep.some((n) => !Number.isInteger(n) || n < 1)) {
  process.stderr.write('bench: usage: node bench/bench.mjs [--json] [--sizes 50,200,1000] [--concurrency N] [--floor-sweep 2,4,8]\n');
  process.exit(2);
}

// ---- one size ----

/** Generates the shop with `pages` pages, serves it, and hands `run` the way to scan it. */
async function withShop(pages, run) {
  const work = mkdtempSync(join(tmpdir(), `cookie-audit-bench-${pages}-`));
  const sitesDir = join(work, 'sites');
  const urls = writeManyPageSite(sitesDir, pages);
  const urlsFile = join(work, 'urls.txt');
  writeFileSync(urlsFile, `${urls.join('\n')}\n`);
  const server = await startFixtureServer({ sitesDir });
  const scan = (extra) => [
    'scan', '--urls', urlsFile, ...server.resolve.flatMap((r) => ['--resolve', r]), '--ignore-https-errors',
    '--policy', join(root, 'fixtures', 'manifests', 'bench-shop.yaml'), '--max-pages', String(pages),
    '--concurrency', String(concurrency), '--format', 'json', ...extra,
  ];
  const audit = async (extra, options) => {
    const result = await measure(join(root, 'bin', 'cookie-audit.js'), scan(extra), options);
    if (result.code !== 0 && result.code !== 1) throw new Error(`audit failed (exit ${result.code}): ${result.stderr.split('\n').filter(Boolean).pop()}`);
    return result;
  };
  try {
    return await run({ work, urlsFile, server, audit });
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

const LIVE_MARK = 'cookie-audit-bench: live ';

/**
 * Node's live memory: the audit once more with a full garbage collection every 2 s (a preload), reporting
 * the most heap in use right after a collection, and the most RSS then. The peak RSS of an ordinary run
 * also holds garbage V8 has not collected yet, which depends on its heap-sizing heuristics more than on
 * what the audit keeps. The collections slow the run: its time is not a figure.
 */
async function runLiveHeap(pages) {
  return withShop(pages, async ({ work, audit }) => {
    const preload = join(work, 'live-heap.cjs');
    writeFileSync(
      preload,
      `let heap = 0, rss = 0;
setInterval(() => { global.gc(); const m = process.memoryUsage(); heap = Math.max(heap, m.heapUsed + m.external + m.arrayBuffers); rss = Math.max(rss, m.rss); }, 2000).unref();
process.on('exit', () => process.stderr.write(${JSON.stringify(LIVE_MARK)} + JSON.stringify({ heap, rss }) + '\\n'));
`,
    );
    const run = await audit(['--out', join(work, 'live')], { nodeArgs: ['--expose-gc', '--require', preload] });
    const line = run.stderr.split('\n').find((l) => l.startsWith(LIVE_MARK));
    const live = JSON.parse(line.slice(LIVE_MARK.length));
    return { pages, liveHeapMB: round(live.heap / 2 ** 20, 1), nodeRssAfterGcMB: round(live.rss / 2 ** 20, 1) };
  });
}

async function runSize(pages) {
  return withShop(pages, async ({ work, urlsFile, server, audit: scanWith }) => {
    const sweep = (
      await sweepFloor(floorSweep, pages, async (atOnce) => {
        const run = await measure(join(root, 'bench', 'floor.mjs'), [urlsFile, String(atOnce), ...server.resolve]);
        if (run.code !== 0) throw new Error(`floor run failed (exit ${run.code}): ${run.stderr.split('\n')[0]}`);
        return { seconds: run.seconds, run };
      })
    ).map((t) => ({ atOnce: t.level, run: t.run }));
    const best = sweep.reduce((a, b) => (b.run.seconds < a.run.seconds ? b : a));
    const floor = best.run;
    const floorFailed = JSON.parse(floor.stdout.trim().split('\n').pop()).failed;
    const out = join(work, 'reports');
    const audit = await scanWith(['--out', out]);
    // The pre phase alone is one pass like the floor's: the cost of capturing, without the parallel phases.
    const pre = await scanWith(['--phases', 'pre', '--out', join(work, 'pre')]);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    const phases = report.sites[0].evidence.phases;
    const visited = phases.map((p) => p.pages.filter((v) => v.ok).length);
    const auditErrors = phases.reduce((n, p) => n + p.errors.length, 0);
    return {
      pages,
      floorSeconds: round(floor.seconds),
      floorConcurrency: best.atOnce,
      floorSweep: sweep.map((t) => ({ concurrency: t.atOnce, seconds: round(t.run.seconds) })),
      auditSeconds: round(audit.seconds),
      overheadRatio: round(audit.seconds / (3 * floor.seconds), 3),
      prePhaseSeconds: round(pre.seconds),
      captureOverheadRatio: round(pre.seconds / floor.seconds, 3),
      pagesPerSecond: round(pages / audit.seconds),
      pageLoadsPerSecond: round((3 * pages) / audit.seconds),
      floorPagesPerSecond: round(pages / floor.seconds),
      peakNodeMB: round(audit.peakNodeMB, 1),
      peakBrowserMB: round(audit.peakBrowserMB, 1),
      peakBrowserPssMB: round(audit.peakBrowserPssMB, 1),
      floorPeakNodeMB: round(floor.peakNodeMB, 1),
      floorPeakBrowserMB: round(floor.peakBrowserMB, 1),
      floorPeakBrowserPssMB: round(floor.peakBrowserPssMB, 1),
      pagesVisitedPerPhase: visited,
      auditPageErrors: auditErrors,
      floorPageErrors: floorFailed,
      findings: report.summary.findings,
    };
  });
}

// ---- run and print ----

const machine = describeMachine();
if (args.includes('--live-heap')) {
  say(`cookie-audit benchmark, Node's live memory (a full garbage collection every 2 s): ${sizes.join(', ')} pages, concurrency ${concurrency}, ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`);
  const live = [];
  for (const pages of sizes) {
    const result = await runLiveHeap(pages);
    live.push(result);
    say(`${String(pages).padStart(5)} pages  live heap ${result.liveHeapMB.toFixed(1)} MB  node RSS after collection ${result.nodeRssAfterGcMB.toFixed(1)} MB`);
  }
  const first = live.find((l) => l.pages === 200) ?? live[0];
  const last = live[live.length - 1];
  const growth = round(last.liveHeapMB / first.liveHeapMB - 1, 3);
  say(`live heap ${first.pages} → ${last.pages} pages: ${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)} % (target ±20 %: ${Math.abs(growth) <= 0.2 ? 'met' : 'NOT met'})`);
  if (json) say(JSON.stringify({ liveHeap: live, liveHeapGrowth: growth, concurrency, machine }));
  process.exit(0);
}
say(`cookie-audit benchmark: ${sizes.join(', ')} pages, concurrency ${concurrency}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}`);
const scaling = [];
for (const pages of sizes) {
  say(`… ${pages} pages: floor, then audit (pre, reject, accept)`);
  const result = await runSize(pages);
  scaling.push(result);
  say(
    `${String(pages).padStart(5)} pages  floor sweep (pages at once → s): ${result.floorSweep.map((t) => `${t.concurrency} → ${t.seconds.toFixed(1)}`).join(', ')}\n` +
    `${String(pages).padStart(5)} pages  floor ${result.floorSeconds.toFixed(1).padStart(6)} s (${result.floorConcurrency} at once)  audit ${result.auditSeconds.toFixed(1).padStart(6)} s` +
      `  ratio ${result.overheadRatio.toFixed(3)}  pre alone ${result.prePhaseSeconds.toFixed(1)} s (${result.captureOverheadRatio.toFixed(3)} × floor)` +
      `  ${result.pagesPerSecond.toFixed(2)} pages/s (${result.pageLoadsPerSecond.toFixed(2)} page loads/s)` +
      `  node ${result.peakNodeMB.toFixed(0)} MB  browser ${result.peakBrowserMB.toFixed(0)} MB RSS / ${result.peakBrowserPssMB.toFixed(0)} MB PSS` +
      `  (floor: node ${result.floorPeakNodeMB.toFixed(0)} MB, browser ${result.floorPeakBrowserMB.toFixed(0)} / ${result.floorPeakBrowserPssMB.toFixed(0)} MB)` +
      (result.auditPageErrors + result.floorPageErrors > 0 ? `  page errors: audit ${result.auditPageErrors}, floor ${result.floorPageErrors}` : ''),
  );
}
const largest = scaling[scaling.length - 1];
const byPages = (n) => scaling.find((s) => s.pages === n);
const targets = {
  overheadRatio: { target: '<= 1.15', measured: largest.overheadRatio, met: largest.overheadRatio <= 1.15 },
};
if (byPages(200) && byPages(1000)) {
  const growth = (a, b) => round((b - a) / a, 3);
  const node = growth(byPages(200).peakNodeMB, byPages(1000).peakNodeMB);
  const browser = growth(byPages(200).peakBrowserMB, byPages(1000).peakBrowserMB);
  targets.memoryFlat200to1000 = { target: 'within ±20 %', nodeGrowth: node, browserGrowth: browser, met: Math.abs(node) <= 0.2 && Math.abs(browser) <= 0.2 };
  const perPage = (s) => s.auditSeconds / s.pages;
  targets.linearTime = { target: 'seconds per page flat (±20 %) from 200 to 1000', secondsPerPage200: round(perPage(byPages(200)), 4), secondsPerPage1000: round(perPage(byPages(1000)), 4), met: Math.abs(growth(perPage(byPages(200)), perPage(byPages(1000)))) <= 0.2 };
}
say('');
say(`overhead ratio at ${largest.pages} pages: ${largest.overheadRatio} (target ≤ 1.15: ${targets.overheadRatio.met ? 'met' : 'NOT met'}); the pre phase alone against the floor: ${largest.captureOverheadRatio}`);
if (targets.memoryFlat200to1000) {
  const m = targets.memoryFlat200to1000;
  say(`peak memory 200 → 1000 pages: node ${(m.nodeGrowth * 100).toFixed(0)} %, browser ${(m.browserGrowth * 100).toFixed(0)} % (target ±20 %: ${m.met ? 'met' : 'NOT met'})`);
  const t = targets.linearTime;
  say(`audit seconds per page: ${t.secondsPerPage200} at 200, ${t.secondsPerPage1000} at 1000 (linear: ${t.met ? 'yes' : 'NO'})`);
}
if (json) {
  const summary = {
    pages: largest.pages,
    concurrency,
    floorSeconds: largest.floorSeconds,
    auditSeconds: largest.auditSeconds,
    overheadRatio: largest.overheadRatio,
    pagesPerSecond: largest.pagesPerSecond,
    peakNodeMB: largest.peakNodeMB,
    peakBrowserMB: largest.peakBrowserMB,
    scaling,
    targets,
    machine,
  };
  say(JSON.stringify(summary));
}
