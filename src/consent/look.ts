/**
 * Looking for a consent banner without touching it: autoconsent's platform detection and the heuristic's
 * reading of every frame, together. A banner seen ends the look at once. "No banner" needs proof: the page
 * has settled (its DOM still, no short timer pending, no CSS animation or transition running: a banner
 * that a tag manager injects 2 s after load, or that slides in from below the window, is still coming), and
 * the visitor's gestures that some banners wait for (mouse movement, focus, a scroll down one screen and
 * back) have been tried. All of it within NO_BANNER_MAX_MS of the look's start (which is after the
 * network went quiet), unless a banner is expected, when it is waited for up to the consent wait.
 */
import type { BrowserContext, Disposable, Page } from 'playwright-core';
import { withinTime } from '../evidence/capture.js';
import type { AutoconsentSession } from './autoconsent.js';
import { scanPage, type FoundBanner } from './heuristic/find.js';
import type { Gesture } from './types.js';
import { activityOf, idleBarrier, settled, watchPages, type PageActivity } from './watch.js';

/** The page's DOM has not changed for this long, and nothing else is pending: nothing more is coming. */
export const DOM_STILL_MS = 400;
/** The most proving "no banner" may take past network quiet (README: "What no banner costs"). */
export const NO_BANNER_MAX_MS = 3000;
/** After a gesture, the page has this long to answer it before the next one. */
const GESTURE_ANSWER_MS = 300;
/**
 * A gesture the page received (its own listeners saw the event, and the scroll happened) and then did nothing
 * about for this long (no DOM change, no timer, frame, fetch, load, request or animation since) was not
 * answered: the next gesture comes then, not after GESTURE_ANSWER_MS.
 */
const GESTURE_IGNORED_MS = 80;
/**
 * A gesture the page has not received yet (no event of it seen by its listeners; a page taller than the window
 * not scrolled yet) is waited for up to this long before the next gesture or a conclusion: on a busy machine
 * the event comes late, and a banner it brings must be credited to it, not to the next gesture or missed.
 */
const GESTURE_RECEIPT_MAX_MS = 3000;
/**
 * A page whose top document has answered none of the look's reads for this long has stopped: its main thread
 * never yields (a script in an endless loop, a synchronous request never answered). Nothing can be proved
 * there, banner or none. A busy machine delays answers (one scan waited over 20 s with every core saturated
 * by a bench, spinning workers and a test file), so the look never concludes from a read it did not get:
 * until this long, it waits past its deadline for one.
 */
const UNRESPONSIVE_MS = 60_000;
/** The longest one gesture may take: the browser waits for the page to take each input event it is sent. */
const GESTURE_MAX_MS = 5000;

/** The look could not be made: the page stopped answering (see UNRESPONSIVE_MS) or its renderer crashed. */
export class UnresponsivePage extends Error {
  override name = 'UnresponsivePage';
}
/**
 * A gesture answered with a load (a page that defers its banner's script to the first interaction) is
 * answered once that script or frame has loaded and run, however busy the machine: waited for on the page's
 * own count of its loads, up to this long after the gesture (the watch counts a load for as long: a script
 * its server sends after 3.5 s took over 6 s to load on two saturated cores).
 */
const GESTURE_LOAD_MAX_MS = 10_000;
const POLL_MS = 150;

/** Installed on every context that looks for a banner (see src/consent/watch.ts). */
export async function watchDomChanges(context: BrowserContext): Promise<Disposable> {
  return watchPages(context);
}

/** How long the page's DOM has not changed, in ms (infinite where the watch is not installed). */
export async function stillFor(page: Page): Promise<number> {
  return (await activityOf(page.mainFrame())).stillMs;
}

export interface LookOptions {
  /** The longest the look may take when a banner is expected (--consent-wait). */
  maxMs: number;
  /** A banner is expected here (the pre phase saw one): wait for it up to maxMs instead of proving there is none. */
  expect?: () => boolean;
  /** Try the visitor's gestures before concluding there is no banner (default true). */
  gestures?: boolean;
  /** Called before each poll (the consent phase puts autoconsent on the page once the pre phase recognised a platform). */
  beforePoll?: () => Promise<void>;
  /**
   * How long the page's network has been quiet, in ms: a gesture that loads the banner's script (a page
   * that defers its scripts to the first interaction) has not been answered while that script loads.
   */
  networkQuietFor?: () => number;
}

export interface Look {
  /** What the heuristic read, held for clicking. */
  found?: FoundBanner;
  /** The platform autoconsent recognised, or null. */
  platform: string | null;
  /** autoconsent saw its platform's banner open. */
  popupOpen: boolean;
  /** autoconsent's own popup heuristic saw a cookie popup ('HEURISTIC-…'), or null. */
  autoconsentHeuristic: string | null;
  /** The gesture after which the banner appeared. */
  gesture?: Gesture;
  /** Without a banner: what the page was still doing when the look had to end (it never settled), else undefined. */
  unsettled?: string;
  /** The gestures tried. */
  gesturesTried: Gesture[];
  /** How long the look took. */
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What keeps a page from having settled, in words (for the phase's `tried`). */
function restless(activity: PageActivity): string {
  const parts: string[] = [];
  if (activity.stillMs < DOM_STILL_MS) parts.push('its DOM kept changing');
  if (activity.timers > 0) parts.push(`${activity.timers} short timer(s) or script load(s) pending`);
  if (activity.animations > 0) parts.push(`${activity.animations} animation(s) running`);
  return parts.join(', ');
}

/**
 * The visitor's gestures, in the order a person makes them; each returns once it was made. The scroll comes
 * before the keyboard's first Tab, which may itself scroll the page to the control it focuses: a banner that
 * waits for a scroll is then credited to the scroll.
 */
const GESTURES: readonly Gesture[] = ['mouse movement', 'scroll', 'focus'];

async function gesture(page: Page, which: Gesture): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  switch (which) {
    case 'mouse movement':
      // Two moves: a page listening for the first movement has it, and one listening for movement over the
      // page sees the pointer cross it. Each event is a round trip through the browser and the renderer's hit
      // test, about 7 ms of CPU (Node, browser, renderer, GPU; measured): five, with steps, cost ~25 ms.
      await page.mouse.move(size.width * 0.3, size.height * 0.4);
      await page.mouse.move(size.width * 0.6, size.height * 0.5);
      return;
    case 'focus':
      // The window gaining focus, then the keyboard's first Tab (focusin on the first control of the page).
      await page.evaluate(() => {
        window.dispatchEvent(new FocusEvent('focus'));
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await page.keyboard.press('Tab');
      return;
    case 'scroll':
      await page.mouse.wheel(0, size.height);
      return;
  }
}

/** Back to the top after the scroll, as a visitor would scroll back (and the screenshots show the page's top). */
async function scrollBack(page: Page): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  await withinTime(page.mouse.wheel(0, -size.height), GESTURE_MAX_MS).catch(() => undefined);
}

/** Counts of an earlier and a later read that can be compared (both read with the watch in every frame). */
function counted(a: number, b: number): boolean {
  return a >= 0 && b >= 0;
}

/** The events a gesture makes, as the page counts them. */
const EVENTS_OF: Record<Gesture, 'pointer' | 'keys' | 'wheels'> = { 'mouse movement': 'pointer', scroll: 'wheels', focus: 'keys' };

/**
 * The page received the gesture: since `before` (the page read just before the gesture), its listeners saw an
 * event of that gesture (pointer moves, the wheel, a key or focus), and for a scroll, a page taller than the
 * window scrolled.
 */
export function receivedGesture(which: Gesture, before: PageActivity, after: PageActivity): boolean {
  const events = EVENTS_OF[which];
  if (!counted(before[events], after[events]) || after[events] <= before[events]) return false;
  return which !== 'scroll' || !after.canScroll || (counted(before.scrolls, after.scrolls) && after.scrolls > before.scrolls);
}

/**
 * The page received the gesture and did nothing about it: since `before` its DOM (every frame's) has not
 * changed and it asked for no animation frame; it has no fetch, timer, load or animation under way, and its
 * network has been quiet since the gesture began (`sinceGestureMs` ago: a module import, say).
 */
export function ignoredGesture(which: Gesture, before: PageActivity, after: PageActivity, sinceGestureMs: number, networkQuietFor: number): boolean {
  if (!receivedGesture(which, before, after)) return false;
  const still = counted(before.mutations, after.mutations) && after.mutations === before.mutations && counted(before.frames, after.frames) && after.frames === before.frames;
  return still && networkQuietFor >= sinceGestureMs && after.fetching === 0 && after.timers === 0 && after.animations === 0;
}

/**
 * Throws UnresponsivePage when the page stops answering or crashes before the look could conclude: a look
 * that read nothing must not say "no banner".
 */
export async function lookForBanner(page: Page, session: AutoconsentSession | undefined, options: LookOptions): Promise<Look> {
  let crashed = false;
  const onCrash = () => (crashed = true);
  page.on('crash', onCrash);
  try {
    return await lookUntilConcluded(page, session, options, () => crashed);
  } finally {
    page.off('crash', onCrash);
  }
}

async function lookUntilConcluded(page: Page, session: AutoconsentSession | undefined, options: LookOptions, crashed: () => boolean): Promise<Look> {
  const start = Date.now();
  /** When the top document last answered a read: only such a read can end the look without a banner. */
  let answeredAt = start;
  const proofDeadline = start + Math.min(options.maxMs, NO_BANNER_MAX_MS);
  const deadline = start + options.maxMs;
  const pending = options.gestures === false ? [] : [...GESTURES];
  const tried: Gesture[] = [];
  let lastGestureAt = 0;
  /** When the last gesture began, and the page as read just before it: what the page did since is its answer. */
  let gestureStartedAt = 0;
  let beforeGesture: PageActivity | undefined;
  /** The page was let run what it had queued since the last gesture (idleBarrier): an "ignored" read after it counts. */
  let drained = false;
  /** The next read is the first since a gesture: it is made once the page has run what it queued (scanPage's afterIdle). */
  let idleRead = false;
  let scrolled = false;
  /**
   * The page answered a read without a banner since the last gesture (or the start): only then can a banner
   * found after the next gesture be said to have appeared after it (a busy page may not have answered any read
   * before a gesture that was made halfway to the deadline, its banner shown from the start).
   */
  let readEmpty = false;
  let credited = false;
  const finish = async (look: Omit<Look, 'gesturesTried'>): Promise<Look> => {
    if (scrolled && !page.isClosed()) await scrollBack(page);
    return { ...look, gesturesTried: tried };
  };
  for (;;) {
    await options.beforePoll?.();
    // One round trip per frame when there is no banner: the scan also says what the page is still doing.
    // A read sent before the last gesture cannot tell what the page did about it: the next one is sent after it.
    const afterIdle = idleRead;
    idleRead = false;
    const { found, activity, answered } = await scanPage(page, 'first', gestureStartedAt, afterIdle);
    if (answered) answeredAt = Date.now();
    if (crashed() || Date.now() - answeredAt >= UNRESPONSIVE_MS) {
      throw new UnresponsivePage(
        crashed()
          ? 'the page crashed while cookie-audit looked for a consent banner (its renderer ran out of memory or was ended): no banner could be looked for'
          : `the page stopped answering while cookie-audit looked for a consent banner (not one read in ${UNRESPONSIVE_MS / 1000} s: its main thread never yielded): no banner could be looked for`,
      );
    }
    const platform = session?.detectedPlatform() ?? null;
    const popupOpen = session?.popupOpen() ?? false;
    const autoconsentHeuristic = session?.heuristicSeen() ?? null;
    const now = Date.now();
    const base = { ...(found ? { found } : {}), platform, popupOpen, autoconsentHeuristic, ms: now - start };
    const last = tried[tried.length - 1];
    if (found || popupOpen) return finish({ ...base, ...(last && credited ? { gesture: last } : {}) });
    if (answered) readEmpty = true;
    // A gesture is being answered while what the page inserted loads, or while requests that began after the
    // gesture are in flight or just ended (a module import(), a fetch the watch did not see start).
    const quietFor = options.networkQuietFor?.() ?? Number.POSITIVE_INFINITY;
    const networkSinceGesture = tried.length > 0 && quietFor < now - gestureStartedAt && quietFor < GESTURE_ANSWER_MS;
    const answering = tried.length > 0 && (activity.loading > 0 || networkSinceGesture) && now - lastGestureAt < GESTURE_LOAD_MAX_MS;
    if (page.isClosed() || (answered && now >= deadline && pending.length === 0 && !answering)) return finish({ ...base, ...(settled(activity, DOM_STILL_MS) ? {} : { unsettled: restless(activity) }) });
    const expected = platform !== null || options.expect?.() === true;
    const ignoredNow = last !== undefined && beforeGesture !== undefined && now - lastGestureAt >= GESTURE_IGNORED_MS && ignoredGesture(last, beforeGesture, activity, now - gestureStartedAt, quietFor);
    // A read made after the page ran what it queued, that shows the gesture ignored, needs no barrier of its own
    // (one round trip instead of three: read, barrier, read again). Otherwise the barrier comes when it shows so.
    if (ignoredNow && afterIdle && answered) drained = true;
    if (ignoredNow && !drained) {
      // Before a gesture counts as ignored, the page runs what its handler queued (a module import starts,
      // and its request is reported): a busy machine may not have got to it by the first read.
      await idleBarrier(page);
      drained = true;
      continue;
    }
    const ignored = ignoredNow && drained;
    const unreceived = last !== undefined && beforeGesture !== undefined && now - lastGestureAt < GESTURE_RECEIPT_MAX_MS && !receivedGesture(last, beforeGesture, activity);
    const calm = answered && !unreceived && settled(activity, DOM_STILL_MS) && (ignored || (now - lastGestureAt >= GESTURE_ANSWER_MS && quietFor >= GESTURE_ANSWER_MS));
    // Every gesture is tried before "no banner", however slow the machine: the deadline bounds the wait for
    // the page to settle, never the proof's steps.
    if (answered && !expected && now >= proofDeadline && pending.length === 0 && !unreceived && (ignored || now - lastGestureAt >= GESTURE_ANSWER_MS) && !answering) {
      return finish({ ...base, ...(calm ? {} : { unsettled: restless(activity) }) });
    }
    // The gestures come once the page settled, or halfway to the proof's deadline on a page that never does.
    const halfway = now >= start + (proofDeadline - start) / 2 || now >= deadline;
    if (pending.length > 0 && (calm || (halfway && !unreceived && now - lastGestureAt >= GESTURE_ANSWER_MS))) {
      const next = pending.shift() as Gesture;
      if (scrolled) {
        await scrollBack(page);
        scrolled = false;
      }
      gestureStartedAt = Date.now();
      beforeGesture = activity;
      drained = false;
      // A gesture the browser has not finished sending after GESTURE_MAX_MS was still sent (on a busy machine the
      // page may take it late, and a banner it brings is credited to it); one that failed was not.
      const made =
        (await withinTime(
          gesture(page, next).then(
            () => true,
            () => false,
          ),
          GESTURE_MAX_MS,
        )) !== false;
      if (made) {
        tried.push(next);
        credited = readEmpty;
        readEmpty = false;
        idleRead = true;
        if (next === 'scroll') scrolled = true;
      }
      lastGestureAt = Date.now();
      // The first read after a gesture comes once the page could have answered it or been seen to ignore it
      // (GESTURE_IGNORED_MS): a read at once could tell neither, and each read is a round trip through every
      // frame and a scan of its DOM (on a fleet of one-page sites, one read in six was such a read).
      if (made) await (session ? session.nextEvent(GESTURE_IGNORED_MS) : sleep(GESTURE_IGNORED_MS));
      continue;
    }
    if (!expected && calm && pending.length === 0) return finish(base);
    // Right after a gesture, the next read comes as soon as an ignored gesture can be told.
    const wait = last !== undefined && now - lastGestureAt < GESTURE_IGNORED_MS ? Math.max(10, lastGestureAt + GESTURE_IGNORED_MS - now) : POLL_MS;
    await (session ? session.nextEvent(wait) : sleep(wait));
  }
}
