/**
 * Reading the IAB TCF v2.2 signal of a page: the CMP API (`__tcfapi('addEventListener')`, else `getTCData`, in the page, else through
 * the `__tcfapiLocator` frame with the postMessage protocol of the CMP API specification) and the places
 * CMPs keep the TC string (cookies and localStorage named in rules/consent-signals.json). Every string found
 * is decoded; the same string found in several places is one entry.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { FRAME_READ_TIMEOUT_MS, PATIENT_READ_MS, withinTime } from '../../evidence/capture.js';
import { decodeTcString } from './decode.js';
import type { TcfApiAnswer, TcfSignals, TcString } from './types.js';
import { signalVocabulary } from './vocabulary.js';

/** What the page's CMP API answered, as the page saw it (untyped: a site's code answers). */
interface RawAnswer {
  via: 'page' | 'frame';
  data: unknown;
}

/**
 * Runs in the page. The CMP API is asked with addEventListener (TCF v2.2's way: it answers at once with the
 * current state once the CMP has loaded), the listener removed after the first answer; a CMP that refuses
 * it is asked with getTCData. A CMP that never answers (a stub only) is no answer after the wait.
 */
function askCmp(waitMs: number): Promise<RawAnswer | null> {
  return new Promise((resolve) => {
    type Callback = (data: unknown, success: unknown) => void;
    let settled = false;
    const cleanups: (() => void)[] = [];
    const done = (answer: RawAnswer | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      for (const cleanup of cleanups) cleanup();
      resolve(answer);
    };
    const timer = setTimeout(() => done(null), waitMs);
    let call: (command: string, parameter: unknown, callback: Callback) => void;
    let via: 'page' | 'frame';
    const api = (window as unknown as { __tcfapi?: unknown }).__tcfapi;
    if (typeof api === 'function') {
      via = 'page';
      call = (command, parameter, callback) => (api as (...args: unknown[]) => void)(command, 2, callback, parameter);
    } else {
      // The locator: a frame named __tcfapiLocator in this window or one of its ancestors.
      let locator: Window | null = null;
      for (let w: Window = window; ; w = w.parent) {
        try {
          const found = (w.frames as unknown as Record<string, Window | undefined>)['__tcfapiLocator'];
          if (found) {
            locator = found;
            break;
          }
        } catch {
          // a cross-origin ancestor: look no further up
          break;
        }
        if (w === window.top) break;
      }
      if (!locator) return done(null);
      const target = locator;
      via = 'frame';
      const callbacks = new Map<string, Callback>();
      const onMessage = (event: MessageEvent) => {
        let data: unknown = event.data;
        if (typeof data === 'string') {
          try {
            data = JSON.parse(data);
          } catch {
            return;
          }
        }
        const answer = (data as { __tcfapiReturn?: { callId?: unknown; returnValue?: unknown; success?: unknown } } | null)?.__tcfapiReturn;
        const callback = answer && typeof answer.callId === 'string' ? callbacks.get(answer.callId) : undefined;
        if (answer && callback) callback(answer.returnValue, answer.success);
      };
      window.addEventListener('message', onMessage);
      cleanups.push(() => window.removeEventListener('message', onMessage));
      let next = 0;
      call = (command, parameter, callback) => {
        const callId = `cookie-audit-${Date.now().toString(36)}-${(next += 1)}`;
        callbacks.set(callId, callback);
        target.postMessage({ __tcfapiCall: { command, version: 2, callId, parameter } }, '*');
      };
    }
    const answered: Callback = (data, success) => done(success === false ? null : { via, data });
    try {
      call('addEventListener', undefined, (data, success) => {
        if (success === false || typeof data !== 'object' || data === null) {
          if (!settled) call('getTCData', undefined, answered);
          return;
        }
        const listenerId = (data as { listenerId?: unknown }).listenerId;
        if (!settled && listenerId !== undefined && listenerId !== null) call('removeEventListener', listenerId, () => undefined);
        answered(data, success);
      });
    } catch {
      done(null);
    }
  });
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value.slice(0, 100) : null);

/** The API's answer as evidence, and the TC string it handed out (if any). */
export function apiAnswer(raw: RawAnswer): { api: TcfApiAnswer; tcString: string | null } {
  const data = (typeof raw.data === 'object' && raw.data !== null ? raw.data : {}) as Record<string, unknown>;
  return {
    api: {
      via: raw.via,
      cmpId: num(data['cmpId']),
      cmpVersion: num(data['cmpVersion']),
      tcfPolicyVersion: num(data['tcfPolicyVersion']),
      gdprApplies: typeof data['gdprApplies'] === 'boolean' ? data['gdprApplies'] : null,
      cmpStatus: str(data['cmpStatus']),
      eventStatus: str(data['eventStatus']),
    },
    tcString: typeof data['tcString'] === 'string' && data['tcString'] !== '' ? data['tcString'] : null,
  };
}

/** Strings by value, each with every place it was found; decoded once. Sorted by value. */
export function collectStrings(found: { value: string; where: string }[]): TcString[] {
  const byValue = new Map<string, Set<string>>();
  for (const { value, where } of found) {
    const v = value.trim();
    if (v === '') continue;
    byValue.set(v, (byValue.get(v) ?? new Set()).add(where));
  }
  return [...byValue.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([value, where]) => ({ value, foundIn: [...where].sort(), ...decodeTcString(value) }));
}

export async function readTcf(context: BrowserContext, page: Page): Promise<TcfSignals> {
  const vocabulary = signalVocabulary().tcf;
  const found: { value: string; where: string }[] = [];
  // The three places are read at once (they do not depend on each other), then taken in this order. The CMP
  // gets FRAME_READ_TIMEOUT_MS of the page's own time to answer; the page and the browser, however busy the
  // machine, as long as only a stopped one would take (a string missed here would read as none written).
  const [raw, cookies, stored] = await Promise.all([
    withinTime(page.evaluate(askCmp, FRAME_READ_TIMEOUT_MS), PATIENT_READ_MS),
    withinTime(context.cookies(), PATIENT_READ_MS),
    withinTime(
      page.evaluate((keys: string[]) => {
        const values: [string, string][] = [];
        for (const key of keys) {
          try {
            const value = window.localStorage.getItem(key);
            if (value !== null) values.push([key, value]);
          } catch {
            // storage denied to this document
          }
        }
        return values;
      }, vocabulary.localStorage),
      PATIENT_READ_MS,
    ),
  ]);
  const answer = raw ? apiAnswer(raw) : undefined;
  if (answer?.tcString) found.push({ value: answer.tcString, where: 'api' });
  for (const cookie of cookies ?? []) {
    if (vocabulary.cookies.includes(cookie.name)) found.push({ value: decodeURIComponent(cookie.value), where: `cookie ${cookie.name}` });
  }
  for (const [key, value] of stored ?? []) found.push({ value, where: `localStorage ${key}` });
  return { api: answer?.api ?? null, strings: collectStrings(found) };
}
