// `npm run bench -- --single`: what a full audit of one page costs against one plain visit of it. Not a test.
//
// Three one-page sites of the fixture set, served on loopback: a page without a banner (no-banner.test),
// a consent library's banner operated through autoconsent (klaro-compliant.test) and a hand-written banner
// operated by the heuristic (bar-banner.test). For each, `--runs` times (default 5), alternating:
//   (a) the floor: bench/floor.mjs, a Node process that launches the same browser the same way, visits the
//       page once (load, then the network quiet for 500 ms) and exits;
//   (b) `cookie-audit scan <url> --phases pre,reject,accept --max-pages 1 --format json`, no manifest: the
//       audit of that one page a user's first run makes (no other page is looked for).
// Both are whole processes (Node start and browser launch included in each). It prints the median of each
// and their ratio (b) / (a); the goal is at most 2.5 on every site.
//
//   node bench/bench.mjs --single [--json] [--runs 5]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMachine, measure, root, round, say } from './measure.mjs';

const { startFixtureServer } = await import('../dist/fixtures/server.js');

const args = process.argv.slice(2);
const json = args.includes('--json');
const runsAt = args.indexOf('--runs');
const runs = Number(runsAt >= 0 ? args[runsAt + 1] : 5);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`bench --single: --runs "${args[runsAt + 1]}": give a whole number ≥ 1\n`);
  process.exit(2);
}
const GOAL = 2.5;
const SITES = [
  { name: 'no banner', url: 'https://no-banner.test/' },
  { name: 'library banner (klaro, autoconsent)', url: 'https://klaro-compliant.test/' },
  { name: 'hand-written banner (heuristic)', url: 'https://bar-banner.test/' },
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const machine = describeMachine();
const server = await startFixtureServer();
const work = mkdtempSync(join(tmpdir(), 'cookie-audit-bench-single-'));
const resolve = server.resolve;
const results = [];
try {
  say(`cookie-audit benchmark, one page: full audit (pre, reject, accept) against one plain visit, median of ${runs} runs, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}`);
  for (const site of SITES) {
    const urlsFile = join(work, 'url.txt');
    writeFileSync(urlsFile, `${site.url}\n`);
    const floor = [];
    const audit = [];
    for (let i = 0; i < runs; i++) {
      const plain = await measure(join(root, 'bench', 'floor.mjs'), [urlsFile, '1', ...resolve]);
      if (plain.code !== 0) throw new Error(`floor failed on ${site.url}: ${plain.stderr}`);
      floor.push(plain.seconds);
      const out = join(work, `out-${i}`);
      const scan = await measure(join(root, 'bin', 'cookie-audit.js'), [
        'scan', site.url, ...resolve.flatMap((r) => ['--resolve', r]), '--ignore-https-errors',
        '--phases', 'pre,reject,accept', '--max-pages', '1', '--format', 'json', '--out', out,
      ]);
      if (scan.code !== 0 && scan.code !== 1) throw new Error(`audit of ${site.url} failed (exit ${scan.code}): ${scan.stderr.split('\n').filter(Boolean).pop()}`);
      audit.push(scan.seconds);
      rmSync(out, { recursive: true, force: true });
    }
    const result = { site: site.name, url: site.url, floorSeconds: round(median(floor), 2), auditSeconds: round(median(audit), 2) };
    result.ratio = round(result.auditSeconds / result.floorSeconds, 2);
    result.met = result.ratio <= GOAL;
    results.push(result);
    say(`${site.name.padEnd(38)} plain visit ${result.floorSeconds.toFixed(2)} s  audit ${result.auditSeconds.toFixed(2)} s  ratio ${result.ratio.toFixed(2)} (goal ≤ ${GOAL}: ${result.met ? 'met' : 'NOT met'})`);
  }
} finally {
  await server.close();
  rmSync(work, { recursive: true, force: true });
}
if (json) say(JSON.stringify({ single: results, runs, goal: GOAL, machine }));
