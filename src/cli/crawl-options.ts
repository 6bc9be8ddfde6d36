/**
 * Options for how much of a site to crawl and how to scale out: discovery (--max-pages, --depth, --include,
 * --exclude, --scope, --no-sitemaps), --urls, parallelism (--concurrency, --sites-concurrency), signing in
 * (--storage-state, the manifest's login), --shard and --connect. Each bad value is one line naming the fix.
 */
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import type { Command } from 'commander';
import { endpointKind, EndpointSyntaxError } from '../browser/connect.js';
import { DEFAULT_DISCOVERY, type DiscoveryOptions } from '../crawl/discover.js';
import { LoginConfigError, loginPlan } from '../crawl/login.js';
import { parseShard, ShardSyntaxError, type Shard } from '../crawl/shard.js';
import type { CrawlSettings } from '../pipeline.js';
import type { PolicyManifest } from '../policy/types.js';
import { usageError } from './errors.js';

export interface RawCrawlOptions {
  maxPages: string;
  depth: string;
  include: string[];
  exclude: string[];
  scope: string[];
  /** --no-sitemaps sets this false. */
  sitemaps?: boolean;
  urls?: string;
  concurrency?: string;
  sitesConcurrency?: string;
  storageState?: string;
  shard?: string;
  connect?: string;
}

/** Pages at once per phase by default: page loads mostly wait on the network, so twice the cores keeps them busy. */
export function defaultConcurrency(cores = availableParallelism()): number {
  return Math.max(2, Math.min(8, cores * 2));
}

/** What a site scanned at once costs at its peak: three phase contexts with their renderers (bench --fleet). */
const MEMORY_PER_SITE_BYTES = 400 * 2 ** 20;

/**
 * Sites at once by default: one and a half per core (rounded up). Each site runs three phase contexts at
 * once, and a fleet of one-page sites keeps the cores busy from about four contexts per core on; more only
 * makes every page wait for the cores (bench --fleet, 40 one-page sites on 2 cores, 2026-12-06: 2 at once
 * 138 s, 3 at once 127 s, 6 at once 153 s). Memory bounds it, a quarter of the machine's at most, so a scan
 * leaves room for the rest.
 */
export function defaultSitesConcurrency(cores = availableParallelism(), memoryBytes = totalmem()): number {
  const byMemory = Math.floor(memoryBytes / 4 / MEMORY_PER_SITE_BYTES);
  return Math.max(1, Math.min(Math.ceil(cores * 1.5), byMemory, 16));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Comma-separated and repeatable: `--scope a.test,b.test --scope c.test`. */
function collectList(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
}

export function addCrawlOptions(command: Command): Command {
  return command
    .option('--urls <file>', 'read start URLs from a file: one per line, # starts a comment; each origin is a site of its own')
    .option('--max-pages <n>', 'pages per site at most, start URLs included (links and sitemaps fill the rest)', String(DEFAULT_DISCOVERY.maxPages))
    .option('--depth <n>', 'link hops from a start URL to follow (0: only the start URLs)', String(DEFAULT_DISCOVERY.maxDepth))
    .option('--include <glob>', 'follow only URLs matching a glob (* is any run; /path/* matches path and query); repeatable', collect, [])
    .option('--exclude <glob>', 'never follow URLs matching a glob; repeatable', collect, [])
    .option('--scope <hosts>', 'hosts the crawl may follow (globs such as *.example.com; comma-separated, repeatable); default: the start URL\'s registrable domain', collectList, [])
    .option('--no-sitemaps', 'do not read robots.txt and sitemap.xml for pages')
    .option('--concurrency <n>', `pages loading at once in each phase (default ${defaultConcurrency()}, from the number of cores)`)
    .option('--sites-concurrency <n>', `sites scanned at once (default ${defaultSitesConcurrency()}, from the cores and memory)`)
    .option('--storage-state <file>', 'start every phase from this Playwright storage state (cookies, localStorage): a signed-in visitor')
    .option('--shard <i/n>', 'scan only slice i of n of the site list (for CI matrices; join the reports with `cookie-audit merge`)')
    .option('--connect <endpoint>', 'use a remote browser instead of launching one: a Playwright server (ws://…) or a CDP endpoint (http://…:9222)');
}

function positiveInteger(option: string, text: string, min: number, example: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min) throw usageError(`${option} "${text}": give a whole number ≥ ${min}, e.g. ${option} ${example}`);
  return n;
}

/** The URLs of a --urls file: one per line, blank lines and `#` comments (whole-line or trailing) ignored. */
export function readUrlList(file: string, parse: (text: string, where: string) => string): string[] {
  let text: string;
  try {
    if (statSync(file).isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw usageError(`--urls ${file}: cannot read it (${code}); give a text file with one URL per line`);
  }
  const urls: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line !== '') urls.push(parse(line, `--urls ${file}:${i + 1}`));
  });
  if (urls.length === 0) throw usageError(`--urls ${file}: no URL in the file; write one start URL per line`);
  return urls;
}

function checkStorageState(file: string): string {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code ? `cannot read it (${code})` : 'it is not JSON';
    throw usageError(`--storage-state ${file}: ${why}; give a file written by Playwright's context.storageState({ path })`);
  }
  const ok =
    typeof data === 'object' && data !== null &&
    Array.isArray((data as { cookies?: unknown }).cookies) &&
    ((data as { origins?: unknown }).origins === undefined || Array.isArray((data as { origins?: unknown }).origins));
  if (!ok) throw usageError(`--storage-state ${file}: expected Playwright's storage state, an object with "cookies" and "origins" lists`);
  return file;
}

/** Everything checked before a browser starts; `mappingsGiven` rejects --resolve with --connect. */
export function parseCrawlOptions(raw: RawCrawlOptions, policy: PolicyManifest, env: NodeJS.ProcessEnv, mappingsGiven: boolean): CrawlSettings {
  const discovery: DiscoveryOptions = {
    maxPages: positiveInteger('--max-pages', raw.maxPages, 1, '50'),
    maxDepth: positiveInteger('--depth', raw.depth, 0, '3'),
    include: raw.include,
    exclude: raw.exclude,
    scope: raw.scope,
    sitemaps: raw.sitemaps !== false,
  };
  for (const host of raw.scope) {
    if (!/^[a-z0-9*.-]+$/i.test(host)) throw usageError(`--scope "${host}" is not a host name or glob; give hosts such as shop.example.com or *.example.com`);
  }
  const settings: CrawlSettings = {
    discovery,
    pageConcurrency: raw.concurrency === undefined ? defaultConcurrency() : positiveInteger('--concurrency', raw.concurrency, 1, '4'),
    sitesConcurrency: raw.sitesConcurrency === undefined ? defaultSitesConcurrency() : positiveInteger('--sites-concurrency', raw.sitesConcurrency, 1, '2'),
  };
  if (raw.storageState !== undefined) settings.storageState = checkStorageState(raw.storageState);
  if (policy.login) {
    try {
      settings.login = loginPlan(policy.login, env);
    } catch (error) {
      if (error instanceof LoginConfigError) throw usageError(error.message);
      throw error;
    }
  }
  if (raw.shard !== undefined) settings.shard = parseShardOption(raw.shard);
  if (raw.connect !== undefined) {
    try {
      endpointKind(raw.connect);
    } catch (error) {
      if (error instanceof EndpointSyntaxError) throw usageError(error.message);
      throw error;
    }
    if (mappingsGiven) {
      throw usageError('--resolve cannot reach a remote browser (it is a launch flag); start that browser with --host-resolver-rules instead, or drop --connect');
    }
    settings.connect = raw.connect;
  }
  return settings;
}

export function parseShardOption(text: string): Shard {
  try {
    return parseShard(text);
  } catch (error) {
    if (error instanceof ShardSyntaxError) throw usageError(error.message);
    throw error;
  }
}
