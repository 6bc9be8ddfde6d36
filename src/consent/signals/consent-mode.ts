/**
 * Reading Google Consent Mode v2 in a page: every `consent` command pushed to `dataLayer` (what gtag('consent',
 * 'default' | 'update', {...}) does), watched from the document's start by an init script, and the gcs / gcd
 * parameters of the document's requests to Google's tags (from Resource Timing, which keeps the full URL).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { decodeConsentModeParams } from '../../evidence/consent-mode-params.js';
import { PATIENT_READ_MS, withinTime } from '../../evidence/capture.js';
import type { ConsentModeCommand, ConsentModeHit, ConsentModeSignals, ConsentState } from './types.js';

/** Where the init script keeps what it saw: a non-enumerable global the site's code does not trip over. */
const LOG = '__cookieAuditConsentMode';

/**
 * Runs in every document before its scripts. `dataLayer` becomes an accessor, so whichever array the site
 * (or gtag.js) puts there has its `push` wrapped, including a `push` that gtag.js installs later. Commands
 * already in the array when it is set are read too. Only consent commands are kept; nothing else of the
 * dataLayer, nor of the requests' query strings, leaves the page.
 */
export const CONSENT_MODE_INIT_SCRIPT = `(() => {
  if (Object.prototype.hasOwnProperty.call(window, '${LOG}')) return;
  const log = { commands: [], hits: [] };
  Object.defineProperty(window, '${LOG}', { value: log, enumerable: false });
  const note = (item) => {
    try {
      if (!item || typeof item !== 'object' || item[0] !== 'consent') return;
      if (item[1] !== 'default' && item[1] !== 'update') return;
      const given = item[2];
      if (!given || typeof given !== 'object') return;
      const state = {};
      for (const key of Object.keys(given).slice(0, 50)) {
        if (given[key] === 'granted' || given[key] === 'denied') state[key.slice(0, 60)] = given[key];
      }
      const entry = { command: item[1], state };
      const region = given.region;
      if (Array.isArray(region)) entry.region = region.filter((r) => typeof r === 'string').slice(0, 50).map((r) => r.slice(0, 10));
      if (log.commands.length < 200) log.commands.push(entry);
    } catch (e) {}
  };
  const watched = new WeakSet();
  const watch = (array) => {
    if (!Array.isArray(array) || watched.has(array)) return;
    watched.add(array);
    for (const item of array) note(item);
    const original = array.push;
    let current = original;
    let depth = 0;
    // A push the site installs often calls the one it replaced (this wrapper): that inner call goes to the
    // original push, or the two would call each other forever.
    const wrapped = function (...items) {
      if (depth > 0) return original.apply(this, items);
      depth += 1;
      try {
        for (const item of items) note(item);
        return current.apply(this, items);
      } finally {
        depth -= 1;
      }
    };
    try {
      Object.defineProperty(array, 'push', { configurable: true, enumerable: false, get: () => wrapped, set: (fn) => { current = fn; } });
    } catch (e) {}
  };
  let value = window.dataLayer;
  watch(value);
  try {
    Object.defineProperty(window, 'dataLayer', {
      configurable: true,
      enumerable: true,
      get: () => value,
      set: (next) => { value = next; watch(next); },
    });
  } catch (e) {}
  const seen = new Set();
  const hit = (name) => {
    try {
      const url = new URL(name);
      const gcs = url.searchParams.get('gcs');
      const gcd = url.searchParams.get('gcd');
      if (gcs === null && gcd === null) return;
      const entry = { url: url.origin + url.pathname, gcs: gcs && gcs.slice(0, 20), gcd: gcd && gcd.slice(0, 20) };
      const key = JSON.stringify(entry);
      if (seen.has(key) || log.hits.length >= 200) return;
      seen.add(key);
      log.hits.push(entry);
    } catch (e) {}
  };
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) hit(e.name); }).observe({ type: 'resource', buffered: true });
  } catch (e) {}
})();`;

/** Watch every document of the context from its start (call before any page opens). */
export async function watchConsentMode(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: CONSENT_MODE_INIT_SCRIPT });
}

interface RawLog {
  commands: { command: 'default' | 'update'; state: Record<string, ConsentState>; region?: string[] }[];
  hits: { url: string; gcs: string | null; gcd: string | null }[];
}

/** The log as evidence: commands as recorded, hits with well-formed parameters only, decoded. */
export function consentModeFromLog(log: RawLog | undefined): ConsentModeSignals {
  const commands: ConsentModeCommand[] = (log?.commands ?? []).map((c) => ({
    command: c.command,
    state: Object.fromEntries(Object.entries(c.state).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    ...(c.region && c.region.length > 0 ? { region: c.region } : {}),
  }));
  const hits: ConsentModeHit[] = [];
  for (const h of log?.hits ?? []) {
    const params = decodeConsentModeParams(h.gcs, h.gcd);
    if (params) hits.push({ url: h.url, ...params });
  }
  return { commands, hits };
}

export async function readConsentMode(page: Page): Promise<ConsentModeSignals> {
  // Entries still in Resource Timing's buffer are read here too, in case the observer was not called yet.
  const log = await withinTime(
    page.evaluate((name) => {
      const found = (window as unknown as Record<string, RawLog | undefined>)[name];
      if (!found) return undefined;
      return { commands: found.commands.slice(), hits: found.hits.slice() };
    }, LOG),
    PATIENT_READ_MS,
  );
  return consentModeFromLog(log);
}
