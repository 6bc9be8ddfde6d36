#!/usr/bin/env node
// The benchmark's floor: plain Playwright visiting the same pages with the same browser launch and the
// same wait rule as `cookie-audit scan` (load, then the network quiet for 500 ms, at most 5 s), a tab
// reused from page to page and replaced after 20 pages (as the audit's are), capturing nothing. One pass,
// one context, `concurrency` pages at once: the bench runs it at several and keeps the fastest.
//
//   node bench/floor.mjs <urls-file> <concurrency> <resolve>...
import { readFileSync } from 'node:fs';
import pLimit from 'p-limit';
import { findBrowser } from '../dist/src/browser/find.js';
import { launchBrowser } from '../dist/src/browser/launch.js';
import { parseResolve } from '../dist/src/browser/resolve.js';
import { NetworkQuiet } from '../dist/src/crawl/quiet.js';

const [urlsFile, concurrencyText, ...resolve] = process.argv.slice(2);
const urls = readFileSync(urlsFile, 'utf8').split('\n').filter(Boolean);
const concurrency = Number(concurrencyText);
const IDLE_MS = 5000;
const VISITS_PER_TAB = 20;

const launched = await launchBrowser({ executablePath: findBrowser().executablePath, mappings: resolve.map(parseResolve) });
const context = await launched.browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 800 }, locale: 'en-US', userAgent: launched.userAgent });
const idle = [];
const quiet = new WeakMap();
const visits = new WeakMap();
let failed = 0;
async function visit(url) {
  let page = idle.pop();
  if (!page) {
    page = await context.newPage();
    quiet.set(page, new NetworkQuiet(page));
  }
  visits.set(page, (visits.get(page) ?? 0) + 1);
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    await quiet.get(page).wait(IDLE_MS);
  } catch {
    failed += 1;
  }
  if (visits.get(page) < VISITS_PER_TAB) idle.push(page);
  else await page.close();
}
const limit = pLimit(concurrency);
// As the audit does: the first page alone, then the others `concurrency` at a time.
await visit(urls[0]);
await Promise.all(urls.slice(1).map((url) => limit(() => visit(url))));
await context.close();
await launched.close();
process.stdout.write(`${JSON.stringify({ pages: urls.length, failed })}\n`);
