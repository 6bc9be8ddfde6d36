/**
 * What the consent stage needs to know of a page that the DOM alone does not tell, recorded by an init
 * script that runs in every document before the page's own scripts:
 * - when the DOM last changed, shadow trees included (a banner that slides in inside a web component
 *   changes only its shadow tree);
 * - the closed shadow roots (`attachShadow({ mode: 'closed' })`), which page code cannot reach otherwise;
 * - the elements given a click listener (a `<div>` that acts as a button);
 * - whether the page is still about to do something: a short timer pending (a tag manager that injects
 *   its banner 2 s after load), an idle callback pending, a script or frame the page inserted still loading
 *   (a banner script loaded on the first interaction), a finite CSS animation or transition running.
 *
 * "No banner" is concluded only once none of these says more is coming (src/consent/look.ts). The script
 * changes nothing a page can observe but the identity of the functions it wraps.
 */
import type { BrowserContext, Disposable, Frame, Page } from 'playwright-core';
import { FRAME_READ_TIMEOUT_MS, withinTime } from '../evidence/capture.js';

/** Timers longer than this are not waited for: a banner later than that is not "on load". */
export const SHORT_TIMER_MS = 3000;

/** The page-side API, under a non-enumerable window property. */
export const WATCH_KEY = '__cookieAuditWatch';

export const WATCH_SCRIPT = `(() => {
  try {
    if (Object.prototype.hasOwnProperty.call(window, ${JSON.stringify(WATCH_KEY)})) return;
    let last = performance.now();
    const closedRoots = new WeakMap();
    // Every shadow root, held weakly: document.getAnimations() leaves out what runs inside shadow trees.
    const roots = [];
    const clickable = new WeakSet();
    const timers = new Set();
    let idle = 0;
    const options = { subtree: true, childList: true, attributes: true, characterData: false, attributeFilter: ['style', 'class', 'hidden', 'open', 'aria-hidden'] };
    // Scripts and frames the page inserts (a gesture that loads the banner's script), until they load or fail:
    // read in the page, they count from the moment of insertion, whatever the browser's messages to us.
    const loading = new Map();
    const LOAD_MAX_MS = 10000;
    const track = (el) => {
      if (loading.has(el)) return;
      const src = el.tagName === 'SCRIPT' || el.tagName === 'IFRAME' ? el.getAttribute('src') : null;
      if (!src || /^ *(data|javascript|about|blob):/i.test(src)) return;
      // A script of a type the browser does not run (a consent tool's blocked tag, type="text/plain") never loads.
      const type = el.tagName === 'SCRIPT' ? (el.getAttribute('type') || '').trim().toLowerCase() : '';
      if (type !== '' && type !== 'module' && !/(java|ecma)script/.test(type)) return;
      loading.set(el, performance.now());
      const done = () => loading.delete(el);
      el.addEventListener('load', done, { once: true });
      el.addEventListener('error', done, { once: true });
    };
    const inserted = (records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1) continue;
          track(node);
          if (node.firstElementChild && loading.size < 200) for (const el of node.querySelectorAll('script[src], iframe[src]')) track(el);
        }
      }
    };
    const stillLoading = () => {
      const now = performance.now();
      let n = 0;
      for (const [el, since] of loading) {
        if (now - since > LOAD_MAX_MS || !el.isConnected) loading.delete(el);
        else n += 1;
      }
      return n;
    };
    let mutations = 0;
    const observer = new MutationObserver((records) => { last = performance.now(); mutations += records.length; try { inserted(records); } catch (e) {} });
    observer.observe(document, options);
    const native = (wrapper, original) => { try { Object.defineProperty(wrapper, 'toString', { value: () => original.toString(), configurable: true }); } catch (e) {} return wrapper; };

    const attach = Element.prototype.attachShadow;
    Element.prototype.attachShadow = native(function (init) {
      const root = attach.call(this, init);
      try {
        if (init && init.mode === 'closed') closedRoots.set(this, root);
        observer.observe(root, options);
        if (typeof WeakRef === 'function' && roots.length < 5000) roots.push(new WeakRef(root));
        last = performance.now();
      } catch (e) {}
      return root;
    }, attach);

    const listen = EventTarget.prototype.addEventListener;
    const CLICKS = { click: 1, mousedown: 1, mouseup: 1, pointerdown: 1, pointerup: 1, touchstart: 1, touchend: 1 };
    EventTarget.prototype.addEventListener = native(function (type, listener, opts) {
      try { if (CLICKS[type] === 1 && this instanceof Element) clickable.add(this); } catch (e) {}
      return listen.call(this, type, listener, opts);
    }, listen);

    // Signs that the page received a gesture and what it did right after: the input events and scrolls it saw,
    // the animation frames it asked for, the fetches and XHRs it has in flight (src/consent/look.ts: a gesture
    // the page received and did nothing about is not waited on).
    // Counts, not times: they are compared with the previous read's, in the same document.
    let pointer = 0, keys = 0, wheels = 0, scrolls = 0, frames = 0;
    const fetches = new Map();
    for (const type of ['mousemove', 'pointermove']) listen.call(window, type, () => { pointer += 1; }, { capture: true, passive: true });
    for (const type of ['keydown', 'focusin']) listen.call(window, type, () => { keys += 1; }, { capture: true, passive: true });
    listen.call(window, 'wheel', () => { wheels += 1; }, { capture: true, passive: true });
    listen.call(document, 'scroll', () => { scrolls += 1; }, { capture: true, passive: true });
    const rafNative = window.requestAnimationFrame;
    if (typeof rafNative === 'function') {
      window.requestAnimationFrame = native(function (callback) { frames += 1; return rafNative.call(window, callback); }, rafNative);
    }
    const fetchNative = window.fetch;
    if (typeof fetchNative === 'function') {
      window.fetch = native(function () {
        const token = {};
        fetches.set(token, performance.now());
        const done = () => { fetches.delete(token); };
        try {
          const answer = fetchNative.apply(this === undefined ? window : this, arguments);
          answer.then(done, done);
          return answer;
        } catch (e) { done(); throw e; }
      }, fetchNative);
    }
    const XHR = window.XMLHttpRequest;
    const sendNative = XHR && XHR.prototype.send;
    if (typeof sendNative === 'function') {
      XHR.prototype.send = native(function () {
        const token = {};
        fetches.set(token, performance.now());
        try { listen.call(this, 'loadend', () => { fetches.delete(token); }, { once: true }); } catch (e) { fetches.delete(token); }
        try { return sendNative.apply(this, arguments); } catch (e) { fetches.delete(token); throw e; }
      }, sendNative);
    }
    const inFlight = () => {
      const now = performance.now();
      let n = 0;
      for (const [token, since] of fetches) {
        if (now - since > LOAD_MAX_MS) fetches.delete(token);
        else n += 1;
      }
      return n;
    };

    const setT = window.setTimeout, clearT = window.clearTimeout;
    window.setTimeout = native(function (handler, delay, ...rest) {
      const ms = Number(delay) || 0;
      if (typeof handler !== 'function' || ms > ${SHORT_TIMER_MS}) return setT.call(window, handler, delay, ...rest);
      let id;
      id = setT.call(window, function () { timers.delete(id); return handler.apply(this, arguments); }, delay, ...rest);
      timers.add(id);
      return id;
    }, setT);
    window.clearTimeout = native(function (id) { timers.delete(id); return clearT.call(window, id); }, clearT);
    const ricNative = window.requestIdleCallback, cicNative = window.cancelIdleCallback;
    if (typeof window.requestIdleCallback === 'function') {
      const ric = ricNative, cic = cicNative;
      const pending = new Set();
      window.requestIdleCallback = native(function (callback, opts) {
        let id;
        id = ric.call(window, function () { if (pending.delete(id)) idle -= 1; return callback.apply(this, arguments); }, opts);
        pending.add(id);
        idle += 1;
        return id;
      }, ric);
      window.cancelIdleCallback = native(function (id) { if (pending.delete(id)) idle -= 1; return cic.call(window, id); }, cic);
    }

    const animating = () => {
      let running = 0;
      const count = (list) => {
        for (const a of list) {
          if (a.playState !== 'running' && !a.pending) continue;
          const end = a.effect && a.effect.getComputedTiming ? a.effect.getComputedTiming().endTime : Infinity;
          if (typeof end === 'number' && isFinite(end)) running += 1;
        }
      };
      try { count(document.getAnimations()); } catch (e) {}
      for (const ref of roots) {
        const root = ref.deref();
        if (!root || !root.host || !root.host.isConnected || typeof root.getAnimations !== 'function') continue;
        try { count(root.getAnimations()); } catch (e) {}
      }
      return running;
    };
    Object.defineProperty(window, ${JSON.stringify(WATCH_KEY)}, {
      value: Object.freeze({
        stillFor: () => performance.now() - last,
        shadowRootOf: (el) => el.shadowRoot || closedRoots.get(el) || null,
        isClosedRoot: (root) => { try { return root && root.mode === 'closed'; } catch (e) { return false; } },
        hasClickListener: (el) => clickable.has(el),
        busy: () => ({ timers: timers.size, idle, loading: stillLoading(), animations: animating() }),
        signs: () => {
          const root = document.scrollingElement || document.documentElement;
          const canScroll = !!root && root.scrollHeight > window.innerHeight + 1;
          return { pointer, keys, wheels, scrolls, frames, mutations, fetching: inFlight(), canScroll };
        },
        // Our own helpers in the page (autoconsent's content script) keep their timers out of the count.
        natives: Object.freeze({
          setTimeout: setT.bind(window), clearTimeout: clearT.bind(window),
          requestIdleCallback: ricNative ? ricNative.bind(window) : undefined, cancelIdleCallback: cicNative ? cicNative.bind(window) : undefined,
        }),
      }),
      configurable: false,
      enumerable: false,
    });
  } catch (e) {}
})();`;

/**
 * A script of our own for the page (autoconsent's content script, run unmodified) wrapped so that its
 * timers are the browser's own: they are not the page's, and must not keep "no banner" from being concluded.
 */
export function withNativeTimers(script: string): string {
  return `(() => {
"use strict";
const __natives = (() => { try { return window[${JSON.stringify(WATCH_KEY)}].natives; } catch (e) { return undefined; } })() || window;
const setTimeout = __natives.setTimeout || window.setTimeout, clearTimeout = __natives.clearTimeout || window.clearTimeout;
const requestIdleCallback = __natives.requestIdleCallback || window.requestIdleCallback, cancelIdleCallback = __natives.cancelIdleCallback || window.cancelIdleCallback;
${script}
})();`;
}

/**
 * Put the watch on every document the context opens from now on (before the page's scripts). Disposing it
 * keeps it off the documents opened later (the pages after the one the consent stage worked on).
 */
export async function watchPages(context: BrowserContext): Promise<Disposable> {
  return context.addInitScript({ content: WATCH_SCRIPT });
}

/** What the page is still about to do, read with the banner scan (src/consent/heuristic/find.ts). */
export interface PageActivity {
  /** ms since the DOM (shadow trees included) last changed; infinite where the watch is not installed. */
  stillMs: number;
  /** Short timers pending, idle callbacks pending, scripts and frames the page inserted still loading. */
  timers: number;
  /** Finite CSS animations and transitions running (a banner sliding or fading in). */
  animations: number;
  /** Of `timers`, the scripts and frames the page inserted that are still loading (each ends within 10 s). */
  loading: number;
  /**
   * Counts since the document began, summed over the frames read (compared with an earlier read of the same
   * page): the events its listeners saw of the pointer moving, of keys and focus, of the mouse wheel, the
   * scrolls, the animation frames it asked for, the DOM mutations (shadow trees included). -1 without the
   * watch: nothing can be told from them.
   */
  pointer: number;
  keys: number;
  wheels: number;
  scrolls: number;
  frames: number;
  mutations: number;
  /** The page's fetches and XHRs in flight (each counted for at most 10 s); 0 without the watch. */
  fetching: number;
  /** The top document is taller than the window (a scroll gesture makes it scroll); false without the watch. */
  canScroll: boolean;
}

export const NO_ACTIVITY: PageActivity = {
  stillMs: Number.POSITIVE_INFINITY,
  timers: 0,
  animations: 0,
  loading: 0,
  pointer: -1,
  keys: -1,
  wheels: -1,
  scrolls: -1,
  frames: -1,
  mutations: -1,
  fetching: 0,
  canScroll: false,
};

/** Source text, for page scripts: the activity of this document as a PageActivity (or null without the watch). */
export const ACTIVITY_EXPRESSION = `(() => {
  try {
    const w = window[${JSON.stringify(WATCH_KEY)}];
    if (!w) return null;
    const b = w.busy();
    const g = typeof w.signs === 'function' ? w.signs() : { pointer: -1, keys: -1, wheels: -1, scrolls: -1, frames: -1, mutations: -1, fetching: 0, canScroll: false };
    return { stillMs: w.stillFor(), timers: b.timers + b.idle + (b.loading || 0), animations: b.animations, loading: b.loading || 0, pointer: g.pointer, keys: g.keys, wheels: g.wheels, scrolls: g.scrolls, frames: g.frames, mutations: g.mutations, fetching: g.fetching, canScroll: g.canScroll };
  } catch (e) { return null; }
})()`;

const IDLE_BARRIER_MS = 1000;

/**
 * Source text, for page scripts: a function of `then` that calls it once the document's main thread has
 * been idle (at most IDLE_BARRIER_MS later), with the browser's own timers (the watch's copy, where it is
 * installed), and resolves with what it returned.
 */
export const AFTER_IDLE_SOURCE = `(then) => new Promise((resolve, reject) => {
  const natives = (() => { try { return window[${JSON.stringify(WATCH_KEY)}].natives; } catch (e) { return undefined; } })() || {};
  const ric = natives.requestIdleCallback || window.requestIdleCallback;
  const run = () => { try { resolve(then()); } catch (e) { reject(e); } };
  if (typeof ric === 'function') ric(run, { timeout: ${IDLE_BARRIER_MS} });
  else (natives.setTimeout || window.setTimeout)(run, 50);
})`;

/**
 * Resolves once every frame of the page has run what it had queued (an idle period of its main thread, at
 * most 1 s later): what a gesture's handler set going without a trace the watch can count (a module
 * `import()`, a message to itself) has then started, and its requests have been reported before this returns.
 * The look's first read after a gesture does the same within the scan (scanPage's `afterIdle`).
 */
export async function idleBarrier(page: Page): Promise<void> {
  const expression = `(${AFTER_IDLE_SOURCE})(() => true)`;
  await Promise.all(page.frames().map((frame) => withinTime(frame.evaluate(expression), FRAME_READ_TIMEOUT_MS).catch(() => undefined)));
}

/** The activity of one frame, or NO_ACTIVITY when it cannot be read. */
export async function activityOf(frame: Frame): Promise<PageActivity> {
  const read = (await withinTime(frame.evaluate(ACTIVITY_EXPRESSION), FRAME_READ_TIMEOUT_MS).catch(() => undefined)) as PageActivity | null | undefined;
  return read ?? NO_ACTIVITY;
}

/**
 * Whether something a click should have removed is still shown once the page has answered: it is gone, or
 * the page settled (DOM still 300 ms, nothing pending) twice in a row, or maxMs passed. Verdicts wait on the
 * page's own state, not on a fixed window, so a busy machine gives the same verdict as an idle one.
 */
export async function shownOnceAnswered(shown: () => Promise<boolean>, activity: () => Promise<PageActivity>, maxMs: number): Promise<boolean> {
  const deadline = Date.now() + maxMs;
  let calm = 0;
  for (;;) {
    if (!(await shown())) return false;
    calm = settled(await activity(), ANSWER_STILL_MS) ? calm + 1 : 0;
    if (calm >= 2 || Date.now() >= deadline) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The page has answered once its DOM has been still this long (with nothing pending), twice in a row. */
export const ANSWER_STILL_MS = 300;

/** Nothing more is coming: the DOM has been still this long, no short timer pending, no animation running. */
/** Counts of two reads: -1 (no watch in some frame) on either side tells nothing. */
function sumCounts(a: number, b: number): number {
  return a < 0 || b < 0 ? -1 : a + b;
}

/** The activity of a page from the activity of its frames (the top one first): see PageActivity. */
export function combineActivity(top: PageActivity, others: readonly PageActivity[]): PageActivity {
  const all = [top, ...others];
  return {
    stillMs: Math.min(...all.map((a) => a.stillMs)),
    timers: top.timers,
    animations: all.reduce((n, a) => n + a.animations, 0),
    loading: top.loading,
    pointer: all.reduce((n, a) => sumCounts(n, a.pointer), 0),
    keys: all.reduce((n, a) => sumCounts(n, a.keys), 0),
    wheels: all.reduce((n, a) => sumCounts(n, a.wheels), 0),
    scrolls: all.reduce((n, a) => sumCounts(n, a.scrolls), 0),
    frames: all.reduce((n, a) => sumCounts(n, a.frames), 0),
    mutations: all.reduce((n, a) => sumCounts(n, a.mutations), 0),
    fetching: all.reduce((n, a) => n + a.fetching, 0),
    canScroll: top.canScroll,
  };
}

export function settled(activity: PageActivity, stillMs: number): boolean {
  return activity.stillMs >= stillMs && activity.timers === 0 && activity.animations === 0;
}
