/**
 * Who set each cookie and storage entry, and what lifetime the site asked for.
 * Set-Cookie headers are read from responses; script writes (document.cookie, cookieStore.set,
 * Storage.setItem, indexedDB.open) are reported by an init script whose stack trace names the writer.
 */
import { Cookie } from 'tough-cookie';
import type { BrowserContext, Page, Response } from 'playwright-core';
import type { PageVisits, VisitLabel } from './page-visits.js';
import type { Setter, StorageType } from './types.js';

export interface CookieWrite {
  setBy: Setter;
  /** Seconds; null = session cookie. */
  requestedLifetimeSeconds: number | null;
  /** The page visit during which the write happened, when known. */
  page?: string;
}

export interface StorageWrite {
  setBy: Setter;
  page?: string;
}

/**
 * The write of one item that counts: the last one of the visit earliest in the page list. When several
 * visits (running at once) wrote it, the earliest visit's is reported: the same evidence then gives the
 * same attribution however the parallel visits interleaved, and it is what a sequential crawl would have
 * seen first. Only that one is kept: an item written on every page of a long crawl costs one record.
 */
class Writes<T extends { page?: string }> {
  private order = Number.MAX_SAFE_INTEGER;
  private write: T | undefined;

  add(write: T, order: number | undefined): void {
    // Writes of no known visit rank after every known one.
    const rank = order ?? Number.MAX_SAFE_INTEGER;
    if (this.write === undefined || rank <= this.order) {
      this.order = rank;
      this.write = write;
    }
  }

  first(): T | undefined {
    return this.write;
  }
}

/** Name of the binding the init script calls. Unlikely to collide with a site's globals. */
const BINDING = '__cookieAuditWrite__';

/**
 * Runs in every frame before any site script. It wraps the write APIs, calls the original first
 * (so the site behaves exactly as without us), then reports the write with the URL of the script
 * that made it: the first http(s) frame of the stack is the writer (inline scripts show the page URL).
 */
const INIT_SCRIPT = `(() => {
  const binding = window[${JSON.stringify(BINDING)}];
  if (typeof binding !== 'function') return;
  const writer = () => {
    const stack = String(new Error().stack || '');
    const match = stack.match(/(https?:\\/\\/[^\\s()]+?):\\d+:\\d+/);
    return match ? match[1] : location.href;
  };
  // The writes of one task go in one call, sent once the task's own code is done (its microtasks run before
  // anything else of the page, a navigation included): every call is a round trip through the browser.
  const enqueue = queueMicrotask.bind(window);
  // A frame removed in the task that wrote (one that removes itself when done) runs no microtask after it: its
  // writes go as it is taken away, on pagehide. The listener is there only while a batch waits: a frame with
  // one keeps its renderer from being ended with it, and a renderer that never yields again (a frame stuck in
  // a loop) would then be given the same site's frame of the next document, which never loads.
  const on = EventTarget.prototype.addEventListener, off = EventTarget.prototype.removeEventListener;
  let batch = null;
  const send = () => {
    if (!batch) return;
    const writes = batch;
    batch = null;
    off.call(window, 'pagehide', send, true);
    try { binding(writes).catch(() => {}); } catch (e) {}
  };
  const report = (payload) => {
    if (batch) { batch[batch.length] = payload; return; }
    batch = [payload];
    on.call(window, 'pagehide', send, true);
    enqueue(send);
  };
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  if (cookie && cookie.set && cookie.get) {
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true, enumerable: cookie.enumerable,
      get() { return cookie.get.call(this); },
      set(value) { cookie.set.call(this, value); report({ api: 'document.cookie', text: String(value), url: writer(), host: location.hostname }); },
    });
  }
  if (typeof CookieStore !== 'undefined' && CookieStore.prototype.set) {
    const set = CookieStore.prototype.set;
    CookieStore.prototype.set = function (nameOrOptions, value) {
      const result = set.apply(this, arguments);
      const o = typeof nameOrOptions === 'object' && nameOrOptions !== null ? nameOrOptions : { name: String(nameOrOptions), value: String(value) };
      report({ api: 'cookieStore', name: String(o.name), domain: o.domain || location.hostname, expires: typeof o.expires === 'number' ? o.expires : null, url: writer(), host: location.hostname });
      return result;
    };
  }
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (key, value) {
    const result = setItem.apply(this, arguments);
    let type = null;
    try { type = this === window.localStorage ? 'localStorage' : this === window.sessionStorage ? 'sessionStorage' : null; } catch (e) {}
    if (type) report({ api: 'storage', type, key: String(key), origin: location.origin, url: writer() });
    return result;
  };
  if (typeof IDBFactory !== 'undefined') {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = function (name) {
      const result = open.apply(this, arguments);
      report({ api: 'storage', type: 'indexedDB', key: String(name), origin: location.origin, url: writer() });
      return result;
    };
  }
})();`;

type WritePayload =
  | { api: 'document.cookie'; text: string; url: string; host: string }
  | { api: 'cookieStore'; name: string; domain: string; expires: number | null; url: string; host: string }
  | { api: 'storage'; type: StorageType; key: string; origin: string; url: string };

export function stripQuery(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return url; // about:blank has no origin to speak of
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
}

function cookieKey(name: string, domain: string): string {
  return `${name}\u0000${domain.replace(/^\./, '').toLowerCase()}`;
}

/** Lifetime a parsed Set-Cookie asked for; undefined when it deletes the cookie. */
function requestedLifetime(cookie: Cookie, now: number): number | null | undefined {
  if (typeof cookie.maxAge === 'number') return cookie.maxAge > 0 ? cookie.maxAge : undefined;
  if (cookie.expires instanceof Date) {
    const seconds = Math.round((cookie.expires.getTime() - now) / 1000);
    return seconds > 0 ? seconds : undefined;
  }
  return null;
}

/** Records cookie and storage writes of one browser context. */
export class SetterRecorder {
  private readonly cookies = new Map<string, Writes<CookieWrite>>();
  private readonly cookiesByName = new Map<string, Writes<CookieWrite>>();
  private readonly storage = new Map<string, Writes<StorageWrite>>();
  private readonly pending = new Set<Promise<void>>();

  /** `visits` tells which page visit a tab is on; without it writes are attributed to no page. */
  constructor(private readonly visits?: PageVisits) {}

  async attach(context: BrowserContext): Promise<void> {
    await context.exposeBinding(BINDING, (source: { page: Page }, writes: unknown) => {
      if (!Array.isArray(writes)) return;
      const visit = this.visits?.of(source.page);
      // The page can call the binding itself: what is not a write is dropped, one bad entry spoils no other.
      for (const write of writes) {
        try {
          this.onScriptWrite(write as WritePayload, visit);
        } catch {
          // not a write this recorder made
        }
      }
    });
    await context.addInitScript({ content: INIT_SCRIPT });
    context.on('response', (response) => {
      const task = this.onResponse(response).finally(() => this.pending.delete(task));
      this.pending.add(task);
    });
  }

  /**
   * Wait until every response seen so far has been read, for at most `maxMs`. Playwright reads Set-Cookie
   * from the raw headers Chromium reports separately, and for some responses (aborted, replaced by a
   * navigation, or under heavy load) that report never comes: an unbounded wait hung whole scans.
   */
  async settle(maxMs = 3000): Promise<void> {
    const deadline = Date.now() + maxMs;
    while (this.pending.size > 0 && Date.now() < deadline) {
      let timer: NodeJS.Timeout | undefined;
      const tick = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(1, deadline - Date.now()))));
      await Promise.race([Promise.allSettled([...this.pending]), tick]);
      clearTimeout(timer);
    }
  }

  cookieWrite(name: string, domain: string): CookieWrite | undefined {
    return (this.cookies.get(cookieKey(name, domain)) ?? this.cookiesByName.get(name))?.first();
  }

  storageWriter(type: StorageType, origin: string, key: string): Setter | undefined {
    return this.storageWrite(type, origin, key)?.setBy;
  }

  storageWrite(type: StorageType, origin: string, key: string): StorageWrite | undefined {
    return this.storage.get(`${type}\u0000${origin}\u0000${key}`)?.first();
  }

  private recordCookie(text: string, defaultHost: string, setBy: Setter, visit: VisitLabel | undefined): void {
    const parsed = Cookie.parse(text, { loose: true });
    if (!parsed || !parsed.key) return;
    const lifetime = requestedLifetime(parsed, Date.now());
    if (lifetime === undefined) return;
    this.addCookieWrite(parsed.key, parsed.domain ?? defaultHost, { setBy, requestedLifetimeSeconds: lifetime }, visit);
  }

  private addCookieWrite(name: string, domain: string, write: CookieWrite, visit: VisitLabel | undefined): void {
    const full = visit ? { ...write, page: visit.url } : write;
    for (const [map, key] of [[this.cookies, cookieKey(name, domain)], [this.cookiesByName, name]] as const) {
      let writes = map.get(key);
      if (!writes) map.set(key, (writes = new Writes()));
      writes.add(full, visit?.order);
    }
  }

  private async onResponse(response: Response): Promise<void> {
    let values: string[];
    try {
      values = await response.headerValues('set-cookie');
    } catch {
      return; // the page or context went away before the headers could be read
    }
    if (values.length === 0) return;
    const url = response.url();
    const host = new URL(url).hostname;
    const visit = this.visits?.ofRequest(response.request());
    // Chromium may fold several Set-Cookie headers into one value separated by newlines.
    for (const value of values.flatMap((v) => v.split('\n'))) {
      this.recordCookie(value, host, { kind: 'header', url: stripQuery(url) }, visit);
    }
  }

  private onScriptWrite(payload: WritePayload, visit: VisitLabel | undefined): void {
    const setBy: Setter = { kind: 'script', url: stripQuery(payload.url) };
    switch (payload.api) {
      case 'document.cookie':
        this.recordCookie(payload.text, payload.host, setBy, visit);
        return;
      case 'cookieStore': {
        const lifetime = payload.expires === null ? null : Math.round((payload.expires - Date.now()) / 1000);
        if (lifetime !== null && lifetime <= 0) return;
        this.addCookieWrite(payload.name, payload.domain, { setBy, requestedLifetimeSeconds: lifetime }, visit);
        return;
      }
      case 'storage': {
        const key = `${payload.type}\u0000${payload.origin}\u0000${payload.key}`;
        let writes = this.storage.get(key);
        if (!writes) this.storage.set(key, (writes = new Writes()));
        writes.add(visit ? { setBy, page: visit.url } : { setBy }, visit?.order);
        return;
      }
    }
  }
}
