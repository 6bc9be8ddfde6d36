/**
 * `db update`: the Open Cookie Database fetched from where it is published (or a mirror, or a saved
 * copy), checked, converted and installed as the local known-cookie database, with a record of where it
 * came from. Fetching is the only impure step; checking and building the installed file are pure.
 */
import { readFile } from 'node:fs/promises';
import { Agent, ProxyAgent, fetch, type Dispatcher } from 'undici';
import type { OcdRows } from './open-cookie-database.js';
import type { DatabaseSource, KnownCookieFile } from './types.js';

/** The raw CSV in OCD's public repository (github.com/jkwakman/Open-Cookie-Database). */
export const OCD_DEFAULT_URL = 'https://raw.githubusercontent.com/jkwakman/Open-Cookie-Database/master/open-cookie-database.csv';
export const OCD_NAME = 'Open Cookie Database';
export const OCD_LICENCE = 'Apache-2.0';

/** A download or check that failed; the message is one line naming the source and the fix. */
export class OcdUpdateError extends Error {
  override name = 'OcdUpdateError';
}

export interface FetchedCsv {
  text: string;
  /** The URL or absolute file path it was read from. */
  from: string;
  version: NonNullable<DatabaseSource['version']>;
}

/** A commit id in the URL's path (raw.githubusercontent.com/<owner>/<repo>/<commit>/...) pins the version. */
export function commitInUrl(url: string): string | undefined {
  try {
    return new URL(url).pathname.split('/').find((part) => /^[0-9a-f]{40}$/i.test(part))?.toLowerCase();
  } catch {
    return undefined;
  }
}

const isUrl = (from: string): boolean => /^https?:\/\//i.test(from);

/**
 * The proxy for a URL as curl reads the environment: HTTPS_PROXY for https, HTTP_PROXY for http (either
 * case), unless NO_PROXY lists the host, a parent domain of it, or `*`.
 */
export function proxyFor(url: string, env: NodeJS.ProcessEnv): string | undefined {
  const target = new URL(url);
  const variable = target.protocol === 'https:' ? 'https_proxy' : 'http_proxy';
  const proxy = env[variable.toUpperCase()] || env[variable];
  if (!proxy) return undefined;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const exempt = (env['NO_PROXY'] || env['no_proxy'] || '')
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase().replace(/:\d+$/, '').replace(/^\*?\./, ''))
    .filter(Boolean);
  if (exempt.some((entry) => entry === '*' || host === entry || host.endsWith(`.${entry}`))) return undefined;
  return proxy;
}

/**
 * Reads the CSV from a URL (through the proxy the environment names) or a file. Node 20's own fetch
 * ignores the proxy variables, hence undici's ProxyAgent.
 */
export async function fetchCsv(from: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<FetchedCsv> {
  if (!isUrl(from)) {
    try {
      return { text: await readFile(from, 'utf8'), from, version: {} };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new OcdUpdateError(`${from}: cannot read it (${code}); give an http(s) URL or the path of a saved open-cookie-database.csv`);
    }
  }
  const proxy = proxyFor(from, options.env ?? process.env);
  let dispatcher: Dispatcher & { close(): Promise<void> };
  try {
    dispatcher = proxy === undefined ? new Agent() : new ProxyAgent(proxy);
  } catch {
    throw new OcdUpdateError(`proxy ${JSON.stringify(proxy)}: not a proxy URL; set HTTPS_PROXY to one such as http://proxy.example:3128`);
  }
  try {
    let response;
    try {
      response = await fetch(from, { dispatcher, signal: AbortSignal.timeout(options.timeoutMs ?? 60_000), headers: { accept: 'text/csv, text/plain, */*' } });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new OcdUpdateError(`${from}: download failed (${why}); check the network or HTTPS_PROXY, or give a saved copy with --from <file>`);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new OcdUpdateError(`${from}: download failed (HTTP ${response.status}); check the URL, or give a saved copy with --from <file>`);
    }
    const text = await response.text();
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;
    const commit = commitInUrl(from);
    return {
      text,
      from,
      version: { ...(commit === undefined ? {} : { commit }), ...(etag === undefined ? {} : { etag }), ...(lastModified === undefined ? {} : { lastModified }) },
    };
  } finally {
    await dispatcher.close();
  }
}

/**
 * Sanity of what was downloaded, beyond the header the importer checks: it holds entries, most rows are
 * usable, and it is not a fraction of the Open Cookie Database installed before (a truncated download or
 * an error page would otherwise replace a good copy).
 */
export function checkRows(rows: OcdRows, from: string, previous: KnownCookieFile | undefined): void {
  const total = rows.entries.length + rows.skipped.length;
  if (rows.entries.length === 0) throw new OcdUpdateError(`${from}: no usable row in the CSV; check that it is open-cookie-database.csv`);
  if (rows.skipped.length > total / 2) {
    throw new OcdUpdateError(`${from}: ${rows.skipped.length} of ${total} rows are unusable (first: row ${rows.skipped[0]?.record}, ${rows.skipped[0]?.reason}); check that it is open-cookie-database.csv`);
  }
  const before = previous?.source?.name === OCD_NAME ? previous.entries.length : 0;
  if (rows.entries.length < before / 2) {
    throw new OcdUpdateError(
      `${from}: only ${rows.entries.length} entries where the installed copy has ${before}; the download looks truncated, so the installed copy is kept (delete it first to install this one anyway)`,
    );
  }
}

/** The local database file: OCD's entries (first row of a repeated name and domain wins) and where they came from. */
export function installedDatabase(rows: OcdRows, fetched: FetchedCsv, retrieved: Date): KnownCookieFile {
  const seen = new Set<string>();
  const entries = rows.entries.filter((entry) => {
    const key = JSON.stringify([entry.pattern, entry.match, entry.domains ?? []]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    version: 1,
    $comment: `The ${OCD_NAME} (github.com/jkwakman/Open-Cookie-Database, ${OCD_LICENCE}), converted by \`cookie-audit db update\`: OCD's categories mapped to cookie-audit's, its "Functional" split into necessary and functional by rules/ocd-necessary.json. Built-in entries take precedence over equally specific ones here.`,
    source: {
      name: OCD_NAME,
      url: fetched.from,
      version: fetched.version,
      retrieved: retrieved.toISOString(),
      licence: OCD_LICENCE,
    },
    entries,
  };
}
