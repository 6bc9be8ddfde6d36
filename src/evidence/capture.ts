/**
 * Turning what the browser holds into observations: every cookie of a context, every storage entry
 * of every frame of a page. Values are hashed here, before anything leaves the process.
 */
import type { BrowserContext, Frame, Page } from 'playwright-core';
import { partyOf } from './party.js';
import { valueHash } from './redact.js';
import type { SetterRecorder } from './setters.js';
import type { CookieObservation, SameSite, StorageObservation, StorageType } from './types.js';

export interface CaptureOptions {
  siteDomain: string;
  /** Top-level page URL the capture happened on. */
  pageUrl: string;
  includeValues: boolean;
  recorder?: SetterRecorder;
}

const SAME_SITE: readonly SameSite[] = ['Strict', 'Lax', 'None'];

export async function captureCookies(context: BrowserContext, options: CaptureOptions): Promise<CookieObservation[]> {
  const now = Date.now() / 1000;
  const cookies = await context.cookies();
  return cookies.map((c) => {
    const persistent = c.expires > 0;
    const observation: CookieObservation = {
      name: c.name,
      domain: c.domain,
      path: c.path,
      expires: persistent ? new Date(c.expires * 1000).toISOString() : null,
      lifetimeSeconds: persistent ? Math.max(0, Math.round(c.expires - now)) : null,
      httpOnly: c.httpOnly,
      secure: c.secure,
      sameSite: SAME_SITE.includes(c.sameSite) ? c.sameSite : 'Lax',
      party: partyOf(c.domain, options.siteDomain),
      size: c.name.length + c.value.length,
      valueHash: valueHash(c.value),
      firstSeenPage: options.pageUrl,
    };
    if (options.includeValues) observation.value = c.value;
    return options.recorder ? attributeCookie(observation, options.recorder) : observation;
  });
}

/**
 * The cookie with who wrote it, the lifetime asked for, and the page visit that wrote it (when the
 * recorder knows it; otherwise the page it was captured on stays its first-seen page).
 */
export function attributeCookie(cookie: CookieObservation, recorder: SetterRecorder): CookieObservation {
  const write = recorder.cookieWrite(cookie.name, cookie.domain);
  if (!write) return cookie;
  return {
    ...cookie,
    setBy: write.setBy,
    requestedLifetimeSeconds: write.requestedLifetimeSeconds,
    firstSeenPage: write.page ?? cookie.firstSeenPage,
  };
}

export function attributeStorage(entry: StorageObservation, recorder: SetterRecorder): StorageObservation {
  const write = recorder.storageWrite(entry.type, entry.origin, entry.key);
  if (!write) return entry;
  return { ...entry, setBy: write.setBy, firstSeenPage: write.page ?? entry.firstSeenPage };
}

interface RawFrameStorage {
  origin: string;
  href: string;
  localStorage: Array<[string, string]>;
  sessionStorage: Array<[string, string]>;
  indexedDB: string[];
}

/** Runs inside the frame. Storage access can throw (sandboxed or opaque origins): each part is optional. */
async function readFrameStorage(): Promise<RawFrameStorage> {
  const entries = (storage: () => Storage): Array<[string, string]> => {
    try {
      const s = storage();
      const out: Array<[string, string]> = [];
      for (let i = 0; i < s.length; i++) {
        const key = s.key(i);
        if (key !== null) out.push([key, s.getItem(key) ?? '']);
      }
      return out;
    } catch {
      return [];
    }
  };
  let databases: string[] = [];
  try {
    if (typeof indexedDB !== 'undefined' && typeof indexedDB.databases === 'function') {
      databases = (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n !== '');
    }
  } catch {
    databases = [];
  }
  return {
    origin: location.origin,
    href: location.href,
    localStorage: entries(() => window.localStorage),
    sessionStorage: entries(() => window.sessionStorage),
    indexedDB: databases,
  };
}

/** A frame whose script never yields (an endless loop) would hold the capture forever: bound every read. */
export const FRAME_READ_TIMEOUT_MS = 2000;

/**
 * For reads whose miss would read as "nothing there": the TC string a CMP wrote before any choice, the Consent
 * Mode state, the jar whose values the traffic record redacts. A busy machine delays every answer (in a CI
 * run with every core saturated, the TCF reads of a page that had loaded missed FRAME_READ_TIMEOUT_MS and the
 * string before the choice went unseen), so these wait until only a page or browser that has stopped would
 * not have answered.
 */
export const PATIENT_READ_MS = 15_000;

export function withinTime<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([work.catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
}

/** A frame's storage; undefined when the frame went away (nothing left to read), 'unanswered' when it never answered. */
async function frameStorage(frame: Frame, readMs: number): Promise<RawFrameStorage | 'unanswered' | undefined> {
  // Only a document of a web origin has storage of its own: about:blank and srcdoc frames share their parent's,
  // data: frames have none, and an error page (a blocked file: frame, a load that failed) answers no read.
  if (!/^https?:/.test(frame.url())) return undefined;
  let failed = false;
  const read = frame.evaluate(readFrameStorage).catch(() => {
    failed = true;
    return undefined;
  });
  // A missed read would read as "this frame stores nothing": only a frame that has stopped answering is given up on.
  const raw = await withinTime(read, readMs);
  if (raw !== undefined) return raw;
  return failed || frame.isDetached() ? undefined : 'unanswered';
}

export interface StorageCapture {
  entries: StorageObservation[];
  /** The frames (their URLs) that did not answer: what they store is not in `entries`. */
  unanswered: string[];
}

/**
 * Every frame's storage. `readMs`: how long a frame is given to answer; a page already known to have stopped
 * answering (its own error says so) is given FRAME_READ_TIMEOUT_MS, as it will not answer a longer wait either.
 */
export async function captureStorage(page: Page, options: CaptureOptions, readMs = PATIENT_READ_MS): Promise<StorageCapture> {
  const out: StorageObservation[] = [];
  const unanswered: string[] = [];
  const seen = new Set<string>();
  // Every frame is read at once; the results are taken in frame order, so the first frame of an origin wins as before.
  const frameList = page.frames();
  const frames = await Promise.all(frameList.map((frame) => frameStorage(frame, readMs)));
  for (const [i, raw] of frames.entries()) {
    if (raw === 'unanswered') unanswered.push(frameList[i]?.url() ?? '');
    if (!raw || raw === 'unanswered' || raw.origin === 'null') continue;
    const host = new URL(raw.origin).hostname;
    const add = (type: StorageType, key: string, value: string | undefined) => {
      const id = `${type}\u0000${raw.origin}\u0000${key}`;
      if (seen.has(id)) return; // same-origin frames share storage
      seen.add(id);
      const entry: StorageObservation = {
        type,
        key,
        origin: raw.origin,
        party: partyOf(host, options.siteDomain),
        firstSeenPage: options.pageUrl,
        frameUrl: raw.href,
        size: value?.length ?? 0,
      };
      if (value !== undefined) {
        entry.valueHash = valueHash(value);
        if (options.includeValues) entry.value = value;
      }
      out.push(options.recorder ? attributeStorage(entry, options.recorder) : entry);
    };
    for (const [key, value] of raw.localStorage) add('localStorage', key, value);
    for (const [key, value] of raw.sessionStorage) add('sessionStorage', key, value);
    for (const name of raw.indexedDB) add('indexedDB', name, undefined);
  }
  return { entries: out, unanswered };
}

/** Sort order of report sections: deterministic output. */
export function compareCookies(a: CookieObservation, b: CookieObservation): number {
  return cmp(a.name, b.name) || cmp(a.domain, b.domain) || cmp(a.path, b.path);
}

export function compareStorage(a: StorageObservation, b: StorageObservation): number {
  return cmp(a.type, b.type) || cmp(a.origin, b.origin) || cmp(a.key, b.key);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
