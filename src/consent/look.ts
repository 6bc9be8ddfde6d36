/**
 * Looking for a consent banner without touching it: autoconsent's platform detection and the heuristic's
 * reading of every frame, together. Waits on events — a message from autoconsent, the page's DOM going
 * still — not for a fixed time: a page without a banner is known to have none as soon as it stopped
 * changing, a banner that appears late is waited for up to the consent wait.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { FRAME_READ_TIMEOUT_MS, withinTime } from '../evidence/capture.js';
import type { AutoconsentSession } from './autoconsent.js';
import { scanPage, type FoundBanner } from './heuristic/find.js';

/** The page's DOM has not changed for this long after its network went quiet: nothing more is coming. */
const DOM_STILL_MS = 400;
/** A page whose DOM never stops changing (tickers, carousels) is looked at for at most this long. */
const RESTLESS_MAX_MS = 2000;
const POLL_MS = 200;

/** Installed on every context that looks for a banner: when the page's DOM last changed. */
const DOM_CHANGES_SCRIPT = `(() => {
  try {
    let last = performance.now();
    new MutationObserver(() => { last = performance.now(); }).observe(document, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['style', 'class', 'hidden', 'open', 'aria-hidden'],
    });
    Object.defineProperty(window, '__cookieAuditStillFor', { value: () => performance.now() - last, configurable: false });
  } catch {}
})();`;

export async function watchDomChanges(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: DOM_CHANGES_SCRIPT });
}

/** How long the page's DOM has not changed, in ms (infinite where the watch is not installed). */
export async function stillFor(page: Page): Promise<number> {
  const ms = await withinTime(
    page.mainFrame().evaluate(() => (window as unknown as { __cookieAuditStillFor?: () => number }).__cookieAuditStillFor?.() ?? Number.POSITIVE_INFINITY),
    FRAME_READ_TIMEOUT_MS,
  ).catch(() => undefined);
  return ms ?? Number.POSITIVE_INFINITY;
}

export interface LookOptions {
  /** The longest the look may take (--consent-wait). */
  maxMs: number;
  /**
   * true: no banner is expected, so stop as soon as the page is still and autoconsent recognised nothing.
   * false: one was seen on this site (the pre phase), so wait for it up to maxMs.
   */
  settle: boolean;
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
  /** How long the look took. */
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function lookForBanner(page: Page, session: AutoconsentSession | undefined, options: LookOptions): Promise<Look> {
  const start = Date.now();
  const restlessDeadline = start + Math.min(options.maxMs, RESTLESS_MAX_MS);
  const deadline = start + options.maxMs;
  for (;;) {
    // One round trip per frame when there is no banner: the scan also says how long the page has been still.
    const { found, stillMs } = await scanPage(page);
    const platform = session?.detectedPlatform() ?? null;
    const popupOpen = session?.popupOpen() ?? false;
    const autoconsentHeuristic = session?.heuristicSeen() ?? null;
    const now = Date.now();
    const look = (): Look => ({ ...(found ? { found } : {}), platform, popupOpen, autoconsentHeuristic, ms: now - start });
    if (found || popupOpen || now >= deadline || page.isClosed()) return look();
    if (options.settle && platform === null) {
      if (now >= restlessDeadline || stillMs >= DOM_STILL_MS) return look();
    }
    await (session ? session.nextEvent(POLL_MS) : sleep(POLL_MS));
  }
}
