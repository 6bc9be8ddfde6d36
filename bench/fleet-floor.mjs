#!/usr/bin/env node
// The fleet benchmark's floor: plain Playwright visiting each site three times (as the audit's three
// phases do), each visit in a fresh context, `visits` visits at a time (a site's three visits are queued
// together, so they mostly run side by side), with the same browser launch and the same wait rule as
// `cookie-audit scan` (load, then the network quiet for 500 ms, at most 5 s). It captures nothing. The bench
// runs it at several values of `visits` and keeps the fastest (bench/fleet.mjs): a floor that a different
// concurrency would beat is not a floor. Prints one JSON line: sites, visits at once, failed visits, and the
// sum of each step (context, load, quiet, close) in milliseconds.
//
//   node bench/fleet-floor.mjs <urls-file> <visits-at-once> <resolve>...
import { readFileSync } from 'node:fs';
import pLimit from 'p-limit';
import { findBrowser } from '../dist/src/browser/find.js';
import { launchBrowser } from '../dist/src/browser/launch.js';
import { parseResolve } from '../dist/src/browser/resolve.js';
import { NetworkQuiet } from '../dist/src/crawl/quiet.js';

const [urlsFile, visitsText, ...resolve] = process.argv.slice(2);
const urls = readFileSync(urlsFile, 'utf8').split('\n').filter(Boolean);
const IDLE_MS = 5000;
const VISITS = 3;
const atOnce = Number(visitsText);

const launched = await launchBrowser({ executablePath: findBrowser().executablePath, mappings: resolve.map(parseResolve) });
const steps = { context: 0, load: 0, quiet: 0, close: 0 };
let failed = 0;
const timed = async (step, work) => {
  const at = performance.now();
  try {
    return await work();
  } finally {
    steps[step] += performance.now() - at;
  }
};
async function visit(url) {
  const context = await timed('context', () =>
    launched.browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 }, locale: 'en-US', userAgent: launched.userAgent, acceptDownloads: false }),
  );
  try {
    const page = await timed('context', () => context.newPage());
    const quiet = new NetworkQuiet(page);
    await timed('load', () => page.goto(url, { waitUntil: 'load', timeout: 30_000 }));
    await timed('quiet', () => quiet.wait(IDLE_MS));
  } catch (error) {
    if (process.env.FLOOR_DEBUG) process.stderr.write(`${url}: ${error}\n`);
    failed += 1;
  } finally {
    await timed('close', () => context.close());
  }
}
const limit = pLimit(atOnce);
await Promise.all(urls.flatMap((url) => Array.from({ length: VISITS }, () => limit(() => visit(url)))));
await launched.close();
for (const step of Object.keys(steps)) steps[step] = Math.round(steps[step]);
process.stdout.write(`${JSON.stringify({ sites: urls.length, visits: urls.length * VISITS, visitsAtOnce: atOnce, failed, steps })}\n`);
