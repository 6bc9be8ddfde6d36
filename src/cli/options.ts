/** Parsing of scan options shared by `scan` and `demo`: each bad value becomes one line naming the fix. */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import type { Severity } from '../audit/types.js';
import { PHASES, type Phase } from '../evidence/types.js';
import { parseResolve, ResolveSyntaxError, type HostMapping } from '../browser/resolve.js';
import { parseFormats } from '../report/registry.js';
import type { Reporter } from '../report/types.js';
import type { RawCrawlOptions } from './crawl-options.js';
import { deviceName, similarDevices } from '../browser/device.js';
import { usageError } from './errors.js';

export interface RawScanOptions extends RawCrawlOptions {
  policy?: string;
  /** --policy-url: the published policy page to draft the manifest from. */
  policyUrl?: string;
  /** --baseline: an earlier report.json. */
  baseline?: string;
  out: string;
  format: string;
  /** --resume <dir>: finish the run of that folder (its sites.ndjson). */
  resume?: string;
  phases?: string;
  resolve: string[];
  ignoreHttpsErrors?: boolean;
  browser?: string;
  failOn: string;
  timeout: string;
  /** --consent-wait <ms>: how long autoconsent looks for a banner */
  consentWait?: string;
  /** --stall-timeout <ms>: no page finished for this long = a hung browser */
  stallTimeout?: string;
  includeValues?: boolean;
  /** --proxy <url>: no credentials in it. */
  proxy?: string;
  /** --region <label> */
  region?: string;
  /** --evidence: HAR per site and phase beside the reports. */
  evidence?: boolean;
  /** --evidence-bodies: keep response bodies in them. */
  evidenceBodies?: boolean;
  /** --timestamp <tsa-url>: RFC 3161 authority that stamps SHA256SUMS. */
  timestamp?: string;
  blockThirdPartyCookies?: boolean;
  color?: boolean;
  locale?: string;
  timezone?: string;
  userAgent?: string;
  /** --device "<Playwright device name>" */
  device?: string;
  /** --trackers builtin|ghostery */
  trackers?: string;
  /** --cookie-db <file>: the local known-cookie database */
  cookieDb?: string;
}

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseUrl(text: string): string {
  return parseUrlAt(text, undefined);
}

/** `where` names the input in messages (e.g. "--urls sites.txt:3"); undefined: the URL alone. */
export function parseUrlAt(text: string, where: string | undefined): string {
  const prefix = where === undefined ? '' : `${where}: `;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`${prefix}URL ${JSON.stringify(text)} is not a valid URL; give a full address such as https://example.com/`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`${prefix}URL ${JSON.stringify(text)} has unsupported scheme ${url.protocol}; only http: and https: sites can be scanned`);
  }
  url.hash = '';
  return url.href;
}

export function parsePhases(text: string | undefined, honorsGpc: boolean): Phase[] {
  if (text === undefined) return honorsGpc ? ['pre', 'reject', 'accept', 'gpc'] : ['pre', 'reject', 'accept'];
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw usageError(`--phases is empty; choose from ${PHASES.join(',')}`);
  for (const name of names) {
    if (!(PHASES as readonly string[]).includes(name)) throw usageError(`--phases: unknown phase "${name}"; choose from ${PHASES.join(',')}`);
  }
  // Report order is the pipeline order, whatever order the user typed.
  return PHASES.filter((p) => names.includes(p));
}

export function parseFailOn(text: string): Severity | 'never' {
  if (text === 'error' || text === 'warning' || text === 'info' || text === 'never') return text;
  throw usageError(`--fail-on "${text}": use error, warning, info or never`);
}

export function parseTimeout(text: string): number {
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 1000) throw usageError(`--timeout "${text}": give milliseconds as a whole number ≥ 1000, e.g. --timeout 30000`);
  return ms;
}

/** The visitor the browser presents (--locale, --timezone, --user-agent, --device); what is not given keeps its default. */
export function parseVisitor(raw: { locale?: string; timezone?: string; userAgent?: string; device?: string }): {
  locale?: string;
  timezoneId?: string;
  userAgent?: string;
  device?: string;
} {
  return {
    ...(raw.device === undefined ? {} : { device: parseDevice(raw.device) }),
    ...(raw.locale === undefined ? {} : { locale: parseLocale(raw.locale) }),
    ...(raw.timezone === undefined ? {} : { timezoneId: parseTimezone(raw.timezone) }),
    ...(raw.userAgent === undefined ? {} : { userAgent: parseUserAgent(raw.userAgent) }),
  };
}

/** --stall-timeout: at least a second. */
export function parseStallTimeout(text: string): number {
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 1000) throw usageError(`--stall-timeout "${text}": give milliseconds as a whole number ≥ 1000, e.g. --stall-timeout 600000`);
  return ms;
}

/** --consent-wait: 0 (look once) to 60 s. */
export function parseConsentWait(text: string): number {
  const ms = Number(text);
  if (!Number.isInteger(ms) || ms < 0 || ms > 60_000) {
    throw usageError(`--consent-wait "${text}": give milliseconds as a whole number from 0 to 60000, e.g. --consent-wait 2000`);
  }
  return ms;
}

export function parseMappings(values: readonly string[]): HostMapping[] {
  return values.map((v) => {
    try {
      return parseResolve(v);
    } catch (error) {
      if (error instanceof ResolveSyntaxError) throw usageError(error.message);
      throw error;
    }
  });
}

export function parseFormatList(text: string): Reporter[] {
  try {
    return parseFormats(text);
  } catch (error) {
    throw usageError(`--format: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** --device: a device Playwright knows, by its name in any case. */
export function parseDevice(text: string): string {
  const name = deviceName(text);
  if (name !== undefined) return name;
  const similar = similarDevices(text);
  throw usageError(
    `--device "${text}" is not a device Playwright knows; ${similar.length > 0 ? `did you mean ${similar.map((n) => JSON.stringify(n)).join(', ')}?` : 'give a name such as "iPhone 13", "Pixel 7" or "iPad Mini"'}`,
  );
}

/** --locale: a BCP 47 language tag, canonicalised ("en-gb" → "en-GB"). */
export function parseLocale(text: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(text.trim());
    if (canonical !== undefined) return canonical;
  } catch {
    // reported below
  }
  throw usageError(`--locale "${text}" is not a language tag; give one such as en-US, de-DE or fr-FR`);
}

/** --timezone: an IANA time zone name that this Node (and so Chromium's ICU) knows. */
export function parseTimezone(text: string): string {
  const zone = text.trim();
  try {
    if (zone !== '') return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    // reported below
  }
  throw usageError(`--timezone "${text}" is not a time zone; give an IANA name such as Europe/Berlin or America/New_York`);
}

/** --user-agent: one printable line (it becomes an HTTP header). */
export function parseUserAgent(text: string): string {
  const ua = text.trim();
  if (ua === '' || /[\u0000-\u001f\u007f]/.test(ua)) {
    throw usageError('--user-agent must be one non-empty line of printable text, e.g. "Mozilla/5.0 (Windows NT 10.0; Win64; x64) …"');
  }
  return ua;
}

/** Creates --out if needed and checks it can be written, before any scanning time is spent. */
export function prepareOutDir(dir: string): string {
  const path = resolvePath(dir);
  try {
    mkdirSync(path, { recursive: true });
    accessSync(path, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw usageError(`--out ${dir}: cannot write there (${code}); choose a writable folder`);
  }
  return path;
}

/** --timestamp: the http(s) URL of an RFC 3161 time-stamping authority. */
export function parseTimestampUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--timestamp ${JSON.stringify(text)} is not a URL; give the address of an RFC 3161 time-stamping authority, e.g. --timestamp https://freetsa.org/tsr`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw usageError(`--timestamp ${JSON.stringify(text)}: a time-stamping authority is reached over http: or https:, e.g. --timestamp https://freetsa.org/tsr`);
  }
  return url.href;
}
