/**
 * The traffic record (HAR 1.2) of a phase, made safe to hand over: Playwright's recordHar writes the raw
 * file outside --out; this turns it into the record that goes beside the reports.
 *
 * - Cookie values (Cookie and Set-Cookie headers, the cookies lists, and the same values wherever else they
 *   travel: a query string, a body, a Referer) become their short hash, as in every report, unless
 *   --include-values.
 * - Authorization and Proxy-Authorization headers are dropped, and every credential the scan was given
 *   (values of the --storage-state file or of the manifest's login) is replaced, whatever --include-values says.
 */
import { valueHash } from './redact.js';
import type { Phase } from './types.js';

/** `<site-slug>-<phase>.har` beside the reports, named like the screenshots: the same scan writes the same names. */
export function trafficFileName(siteUrl: string, phase: Phase): string {
  let host = 'site';
  try {
    host = new URL(siteUrl).host;
  } catch {
    // no URL: the generic name
  }
  const slug = host.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/\.{2,}/g, '.').replace(/^[.-]+|[.-]+$/g, '');
  return `${slug === '' ? 'site' : slug}-${phase}.har`;
}

/** Every value a Playwright storage state holds (cookies, localStorage): credentials of a signed-in visitor. */
export function storageStateValues(state: unknown): string[] {
  const values: string[] = [];
  const s = state as { cookies?: Array<{ value?: unknown }>; origins?: Array<{ localStorage?: Array<{ value?: unknown }> }> } | null;
  for (const c of s?.cookies ?? []) if (typeof c.value === 'string') values.push(c.value);
  for (const o of s?.origins ?? []) for (const e of o.localStorage ?? []) if (typeof e.value === 'string') values.push(e.value);
  return values;
}

/** What a HAR must hold to be audited or handed over: the parts this module reads and rewrites. */
export interface HarHeader {
  name: string;
  value: string;
  comment?: string;
}
export interface HarCookie {
  name: string;
  value: string;
  [key: string]: unknown;
}
export interface HarEntry {
  startedDateTime: string;
  request: { method: string; url: string; headers: HarHeader[]; cookies?: HarCookie[]; [key: string]: unknown };
  response: { status: number; headers: HarHeader[]; cookies?: HarCookie[]; [key: string]: unknown };
  [key: string]: unknown;
}
export interface Har {
  log: { version: string; creator: { name: string; version: string }; entries: HarEntry[]; pages?: unknown[]; comment?: string; [key: string]: unknown };
}

export interface HarSecrets {
  /** Cookie values seen in the phase: hashed unless includeValues. */
  cookieValues: Iterable<string>;
  /** Credentials (storage-state and login values): always replaced. */
  credentials: Iterable<string>;
  includeValues: boolean;
}

const DROPPED_HEADERS = new Set(['authorization', 'proxy-authorization']);
/** Shorter values ("1", "yes") would hit unrelated text; they are still hashed where they are cookie values. */
const MIN_SECRET_LENGTH = 6;
const CREDENTIAL = '[credential removed by cookie-audit]';

/** `a=1; b=2` → the values hashed. */
function redactCookieHeader(value: string, hide: (v: string) => string): string {
  return value
    .split(';')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      return `${pair.slice(0, eq)}=${hide(pair.slice(eq + 1).trim())}`;
    })
    .join(';');
}

/** `name=value; Path=/; …` → the value hashed, attributes kept. Several cookies may share one header, one per line. */
function redactSetCookie(value: string, hide: (v: string) => string): string {
  return value
    .split('\n')
    .map((line) => {
      const semi = line.indexOf(';');
      const pair = semi < 0 ? line : line.slice(0, semi);
      const eq = pair.indexOf('=');
      if (eq < 0) return line;
      return `${pair.slice(0, eq)}=${hide(pair.slice(eq + 1).trim())}${semi < 0 ? '' : line.slice(semi)}`;
    })
    .join('\n');
}

/** Every cookie value a HAR carries in its Cookie and Set-Cookie headers and cookie lists. */
export function cookieValuesOf(har: Har): string[] {
  const values = new Set<string>();
  for (const entry of har.log.entries) {
    for (const c of [...(entry.request.cookies ?? []), ...(entry.response.cookies ?? [])]) if (c.value) values.add(c.value);
    for (const h of entry.request.headers) {
      if (h.name.toLowerCase() === 'cookie') redactCookieHeader(h.value, (v) => (values.add(v), v));
    }
    for (const h of entry.response.headers) {
      if (h.name.toLowerCase() === 'set-cookie') redactSetCookie(h.value, (v) => (values.add(v), v));
    }
  }
  values.delete('');
  return [...values];
}

/** A new HAR with the secrets taken out (see the module comment). */
export function redactHar(har: Har, secrets: HarSecrets): Har {
  const credentials = new Set([...secrets.credentials].filter((v) => v !== ''));
  const cookieValues = secrets.includeValues ? new Set<string>() : new Set([...secrets.cookieValues, ...cookieValuesOf(har)].filter((v) => v !== ''));
  const hide = (value: string): string => (credentials.has(value) ? CREDENTIAL : cookieValues.has(value) ? valueHash(value) : value);
  // Longest first: a value that contains another is replaced whole.
  const replacements = [
    ...[...credentials].map((v) => [v, CREDENTIAL] as const),
    ...[...cookieValues].filter((v) => !credentials.has(v)).map((v) => [v, valueHash(v)] as const),
  ]
    .filter(([v]) => v.length >= MIN_SECRET_LENGTH)
    .flatMap(([v, by]) => {
      const encoded = encodeURIComponent(v);
      return encoded === v ? [[v, by] as const] : [[v, by] as const, [encoded, by] as const];
    })
    .sort((a, b) => b[0].length - a[0].length);
  const scrub = (text: string): string => {
    let out = text;
    for (const [value, by] of replacements) if (out.includes(value)) out = out.split(value).join(by);
    return out;
  };
  const entries = har.log.entries.map((entry) => {
    const request = {
      ...entry.request,
      headers: entry.request.headers
        .filter((h) => !DROPPED_HEADERS.has(h.name.toLowerCase()))
        .map((h) => (h.name.toLowerCase() === 'cookie' ? { ...h, value: redactCookieHeader(h.value, hide) } : h)),
      ...(entry.request.cookies ? { cookies: entry.request.cookies.map((c) => ({ ...c, value: hide(c.value) })) } : {}),
    };
    const response = {
      ...entry.response,
      headers: entry.response.headers.map((h) => (h.name.toLowerCase() === 'set-cookie' ? { ...h, value: redactSetCookie(h.value, hide) } : h)),
      ...(entry.response.cookies ? { cookies: entry.response.cookies.map((c) => ({ ...c, value: hide(c.value) })) } : {}),
    };
    return deepScrub({ ...entry, request, response }, scrub) as HarEntry;
  });
  const note = secrets.includeValues
    ? 'Recorded by cookie-audit. Authorization headers and the credentials the scan was given are removed; cookie values are kept (--include-values).'
    : 'Recorded by cookie-audit. Cookie values are replaced by sha256:<16 hex> (as in report.json); Authorization headers and the credentials the scan was given are removed.';
  return { log: { ...(deepScrub(har.log, scrub) as Har['log']), entries, comment: note } };
}

function deepScrub(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((v) => deepScrub(v, scrub));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'entries' ? v : deepScrub(v, scrub)]));
  }
  return value;
}
