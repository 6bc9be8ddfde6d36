/**
 * Who set each cookie and storage entry, and what lifetime the site asked for.
 * Set-Cookie headers are read from responses; script writes (document.cookie, cookieStore.set,
 * Storage.setItem, indexedDB.open) are reported by an init script whose stack trace names the writer.
 */
import { Cookie } from 'tough-cookie';
import type { BrowserContext, Response } from 'playwright-core';
import type { Setter, StorageType } from './types.js';

export interface CookieWrite {
  setBy: Setter;
  /** Seconds; null = session cookie. */
  requestedLifetimeSeconds: number | null;
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
  const report = (payload) => { try { binding(payload).catch(() => {}); } catch (e) {} };
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
  private readonly cookies = new Map<string, CookieWrite>();
  private readonly cookiesByName = new Map<string, CookieWrite>();
  private readonly storage = new Map<string, Setter>();
  private readonly pending = new Set<Promise<void>>();

  async attach(context: BrowserContext): Promise<void> {
    await context.exposeBinding(BINDING, (_source, payload: WritePayload) => this.onScriptWrite(payload));
    await context.addInitScript({ content: INIT_SCRIPT });
    context.on('response', (response) => {
      const task = this.onResponse(response).finally(() => this.pending.delete(task));
      this.pending.add(task);
    });
  }

  /** Wait until every response seen so far has been read. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  cookieWrite(name: string, domain: string): CookieWrite | undefined {
    return this.cookies.get(cookieKey(name, domain)) ?? this.cookiesByName.get(name);
  }

  storageWriter(type: StorageType, origin: string, key: string): Setter | undefined {
    return this.storage.get(`${type}\u0000${origin}\u0000${key}`);
  }

  private recordCookie(text: string, defaultHost: string, setBy: Setter): void {
    const parsed = Cookie.parse(text, { loose: true });
    if (!parsed || !parsed.key) return;
    const lifetime = requestedLifetime(parsed, Date.now());
    if (lifetime === undefined) return;
    const write = { setBy, requestedLifetimeSeconds: lifetime };
    this.cookies.set(cookieKey(parsed.key, parsed.domain ?? defaultHost), write);
    this.cookiesByName.set(parsed.key, write);
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
    // Chromium may fold several Set-Cookie headers into one value separated by newlines.
    for (const value of values.flatMap((v) => v.split('\n'))) {
      this.recordCookie(value, host, { kind: 'header', url: stripQuery(url) });
    }
  }

  private onScriptWrite(payload: WritePayload): void {
    const setBy: Setter = { kind: 'script', url: stripQuery(payload.url) };
    switch (payload.api) {
      case 'document.cookie':
        this.recordCookie(payload.text, payload.host, setBy);
        return;
      case 'cookieStore': {
        const lifetime = payload.expires === null ? null : Math.round((payload.expires - Date.now()) / 1000);
        if (lifetime !== null && lifetime <= 0) return;
        const write = { setBy, requestedLifetimeSeconds: lifetime };
        this.cookies.set(cookieKey(payload.name, payload.domain), write);
        this.cookiesByName.set(payload.name, write);
        return;
      }
      case 'storage':
        this.storage.set(`${payload.type}\u0000${payload.origin}\u0000${payload.key}`, setBy);
        return;
    }
  }
}
