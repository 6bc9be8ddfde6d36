/**
 * Evidence from the output folder of the EDPS Website Evidence Collector: `inspection.json` (its cookies as
 * the browser stored them, with WEC's log of who set each; localStorage per origin; beacons) and, when it is
 * there, `requests.har` (the traffic). Fields are read as WEC writes them (collector/output.js, inspector.js).
 */
import type { HarEntry } from '../har.js';
import { partyOf, siteOf } from '../party.js';
import { valueHash } from '../redact.js';
import { stripQuery } from '../setters.js';
import { compareCookies, compareStorage } from '../capture.js';
import type { CookieObservation, PhaseEvidence, SameSite, Setter, SiteEvidence, StorageObservation } from '../types.js';
import { ImportError, phaseFromHar, type ImportOptions } from './har.js';

/** WEC's record of who set an item: the event its recorder logged. */
interface WecLog {
  type?: string;
  stack?: Array<{ fileName?: string; source?: string }>;
  location?: string;
}

interface WecCookie {
  name?: unknown;
  value?: unknown;
  domain?: unknown;
  path?: unknown;
  /** Seconds since the epoch; -1 for a session cookie (Chrome DevTools Protocol). */
  expires?: unknown;
  httpOnly?: unknown;
  secure?: unknown;
  session?: unknown;
  sameSite?: unknown;
  log?: WecLog;
}

export interface WecInspection {
  uri_ins?: unknown;
  uri_dest?: unknown;
  start_time?: unknown;
  script?: { version?: { npm?: unknown } };
  cookies?: unknown;
  localStorage?: unknown;
  beacons?: unknown;
  browsing_history?: unknown;
}

function setterOf(log: WecLog | undefined): Setter | undefined {
  const file = log?.stack?.[0]?.fileName;
  if (typeof file !== 'string' || !/^https?:/.test(file)) return undefined;
  if (log?.type === 'Cookie.HTTP') return { kind: 'header', url: stripQuery(file) };
  if (log?.type === 'Cookie.JS' || log?.type === 'Storage.LocalStorage') return { kind: 'script', url: stripQuery(file) };
  return undefined;
}

function sameSiteOf(value: unknown): SameSite {
  return value === 'Strict' || value === 'None' ? value : 'Lax';
}

export function evidenceFromWec(inspection: WecInspection, har: HarEntry[] | undefined, options: ImportOptions & { inspectionFile: string }): SiteEvidence {
  const siteUrl = typeof inspection.uri_ins === 'string' ? inspection.uri_ins : undefined;
  if (siteUrl === undefined || !/^https?:/.test(siteUrl)) {
    throw new ImportError(`${options.inspectionFile}: no uri_ins (the inspected site's URL); give the output folder of website-evidence-collector, which holds inspection.json`);
  }
  if (!Array.isArray(inspection.cookies)) throw new ImportError(`${options.inspectionFile}: no cookies list; is it WEC's inspection.json?`);
  const start = new URL(siteUrl);
  const siteDomain = siteOf(start.hostname);
  const startedMs = typeof inspection.start_time === 'string' ? Date.parse(inspection.start_time) : NaN;
  const page = stripQuery(siteUrl);
  const cookies: CookieObservation[] = [];
  for (const raw of inspection.cookies as WecCookie[]) {
    if (typeof raw?.name !== 'string' || raw.name === '' || typeof raw.domain !== 'string') continue;
    const value = typeof raw.value === 'string' ? raw.value : '';
    const expires = typeof raw.expires === 'number' && raw.expires > 0 && raw.session !== true ? raw.expires : null;
    const lifetime = expires === null ? null : Math.max(0, Math.round(expires - (Number.isNaN(startedMs) ? Date.now() : startedMs) / 1000));
    const setBy = setterOf(raw.log);
    cookies.push({
      name: raw.name,
      // WEC writes domains without the leading dot (collector/inspector.js), so host-only and domain cookies look alike.
      domain: raw.domain,
      path: typeof raw.path === 'string' ? raw.path : '/',
      expires: expires === null ? null : new Date(expires * 1000).toISOString(),
      lifetimeSeconds: lifetime,
      httpOnly: raw.httpOnly === true,
      secure: raw.secure === true,
      sameSite: sameSiteOf(raw.sameSite),
      party: partyOf(raw.domain, siteDomain),
      size: raw.name.length + value.length,
      valueHash: valueHash(value),
      ...(options.includeValues ? { value } : {}),
      firstSeenPage: typeof raw.log?.location === 'string' && /^https?:/.test(raw.log.location) ? stripQuery(raw.log.location) : page,
      ...(setBy ? { setBy } : {}),
    });
  }
  const storage: StorageObservation[] = [];
  const local = (typeof inspection.localStorage === 'object' && inspection.localStorage !== null ? inspection.localStorage : {}) as Record<string, Record<string, { value?: unknown; log?: WecLog }>>;
  for (const [origin, entries] of Object.entries(local)) {
    if (!/^https?:/.test(origin) || typeof entries !== 'object' || entries === null) continue;
    for (const [key, item] of Object.entries(entries)) {
      // WEC parses JSON values; the text is rebuilt for its size and hash.
      const text = typeof item?.value === 'string' ? item.value : JSON.stringify(item?.value ?? '');
      const setBy = setterOf(item?.log);
      storage.push({
        type: 'localStorage',
        key,
        origin: new URL(origin).origin,
        party: partyOf(new URL(origin).hostname, siteDomain),
        firstSeenPage: typeof item?.log?.location === 'string' && /^https?:/.test(item.log.location) ? stripQuery(item.log.location) : page,
        frameUrl: new URL(origin).origin + '/',
        size: text.length,
        valueHash: valueHash(text),
        ...(options.includeValues ? { value: text } : {}),
        ...(setBy ? { setBy } : {}),
      });
    }
  }
  const traffic = har && har.length > 0 ? phaseFromHar(har, options, siteUrl) : undefined;
  const history = Array.isArray(inspection.browsing_history) ? inspection.browsing_history.filter((u): u is string => typeof u === 'string' && /^https?:/.test(u)) : [];
  const pages = traffic?.phase.pages ?? (history.length > 0 ? history : [siteUrl]).map((u) => ({ url: stripQuery(u), finalUrl: stripQuery(u), ok: true }));
  const phase: PhaseEvidence = {
    phase: options.phase,
    status: 'completed',
    pages,
    cookies: cookies.sort(compareCookies),
    storage: storage.sort(compareStorage),
    requests: traffic?.phase.requests ?? [],
    errors: [],
  };
  const version = inspection.script?.version?.npm;
  const cannotKnow = [
    'sessionStorage and IndexedDB: the Website Evidence Collector records localStorage only; no finding about them could be made.',
    'Whether a cookie was host-only or for a whole domain: WEC writes every cookie domain without its leading dot.',
    'The lifetime a site asked for when the browser shortened it: WEC records the stored expiry only.',
    'The consent banner and what was clicked: WEC does not operate banners; the evidence is taken as the phase given with --phase.',
  ];
  if (!traffic) cannotKnow.push('Requests: the folder holds no requests.har, so no request or tracker finding could be made.');
  return {
    url: page,
    startPages: [page],
    siteDomain,
    https: start.protocol === 'https:',
    status: 'ok',
    phases: [phase],
    imported: { format: 'wec', file: options.file, creator: `website-evidence-collector${typeof version === 'string' ? ` ${version}` : ''}`, cannotKnow },
  };
}
