/**
 * Giving or refusing consent on the page's banner. The manifest's selector or click sequence wins when it
 * names one; otherwise DuckDuckGo's autoconsent recognises the consent platform and operates its banner.
 * The result is evidence (what was tried, what the banner looked like before and after, whether it
 * worked), never an exception.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { ConsentAttempt, ConsentScreenshots } from '../evidence/types.js';
import type { PolicyManifest } from '../policy/types.js';
import { AutoconsentSession, type AutoconsentOutcome } from './autoconsent.js';
import { describeError, isTimeout } from '../browser/errors.js';
import { saveScreenshot, type ScreenshotMoment } from './screenshot.js';

export type ConsentAction = 'reject' | 'accept';

export interface ConsentContext {
  /** Upper bound for finding and clicking each element. */
  timeoutMs: number;
  /** Waits until the network is quiet again (the tags a click loads must run before the reload). */
  waitForQuiet(): Promise<void>;
  /** Where the before/after screenshots go and what they are called; absent: none are taken. */
  screenshots?: { dir: string; fileName(moment: ScreenshotMoment): string };
}

/** The phase's way of operating the banner, set up on its context before the first page opens. */
export interface ConsentDriver {
  /** Operate the banner of the loaded page. */
  give(page: Page, context: ConsentContext): Promise<ConsentAttempt>;
  /** After the reload that follows a successful attempt: the same attempt, plus whether the banner came back. */
  checkAfterReload(page: Page, attempt: ConsentAttempt): Promise<ConsentAttempt>;
}

/**
 * Manifest selectors when the manifest names them for this action; else autoconsent, whose content script
 * must be on the context before any page loads (so only reject/accept phases ever call this: the pre and
 * gpc phases must not touch the banner).
 */
export async function prepareConsent(context: BrowserContext, action: ConsentAction, policy: PolicyManifest, detectMs?: number): Promise<ConsentDriver> {
  const step = policy.consent[action];
  const clicks = step?.clicks ?? (step?.selector !== undefined ? [step.selector] : []);
  if (step && clicks.length > 0) return selectorDriver(action, clicks);
  const session = await AutoconsentSession.install(context, action === 'reject' ? 'optOut' : 'optIn', detectMs);
  return autoconsentDriver(action, session);
}

async function screenshot(page: Page, context: ConsentContext, moment: ScreenshotMoment, into: ConsentScreenshots): Promise<void> {
  if (!context.screenshots) return;
  const name = await saveScreenshot(page, context.screenshots.dir, context.screenshots.fileName(moment));
  if (name !== undefined) into[moment] = name;
}

function withScreenshots(attempt: ConsentAttempt, shots: ConsentScreenshots): ConsentAttempt {
  return shots.before !== undefined || shots.after !== undefined ? { ...attempt, screenshots: shots } : attempt;
}

async function anyVisible(page: Page, selectors: readonly string[]): Promise<boolean> {
  for (const sel of selectors) {
    if (await page.locator(sel).first().isVisible().catch(() => false)) return true;
  }
  return false;
}

function selectorDriver(action: ConsentAction, clicks: string[]): ConsentDriver {
  const selector = clicks.join(' → ');
  const first = clicks[0]!;
  return {
    async give(page, context) {
      const timeout = Math.min(context.timeoutMs, 10_000);
      const shots: ConsentScreenshots = {};
      const tried: string[] = [];
      const failed = (sel: string, error: unknown): ConsentAttempt => {
        const why = isTimeout(error) ? `was not found or not clickable within ${timeout} ms` : `could not be clicked: ${describeError(error)}`;
        const note = `Clicking ${JSON.stringify(sel)} from the manifest's consent.${action} ${why}.`;
        tried.push(note);
        return withScreenshots({ action, method: 'selector', selector, succeeded: false, tried, note }, shots);
      };
      // The banner is on screen before the screenshot: wait for what the first click needs.
      try {
        await page.locator(first).first().waitFor({ state: 'visible', timeout });
      } catch (error) {
        return failed(first, error);
      }
      await screenshot(page, context, 'before', shots);
      for (const sel of clicks) {
        try {
          await page.locator(sel).first().click({ timeout });
          tried.push(`clicked ${JSON.stringify(sel)} (manifest consent.${action})`);
        } catch (error) {
          return failed(sel, error);
        }
      }
      await context.waitForQuiet();
      await screenshot(page, context, 'after', shots);
      const stillShown = await anyVisible(page, clicks);
      if (stillShown) tried.push('after the clicks, the banner is still shown');
      return withScreenshots(
        { action, method: 'selector', selector, succeeded: true, tried, bannerShownAfterConsent: stillShown, note: `Clicked ${selector} (manifest consent.${action}).` },
        shots,
      );
    },
    async checkAfterReload(page, attempt) {
      if (attempt.bannerShownAfterConsent === true) return attempt;
      const back = await anyVisible(page, [first]);
      const seen = back ? `after the reload, ${JSON.stringify(first)} is shown again` : 'after the reload, the banner stayed closed';
      return { ...attempt, bannerShownAfterConsent: back, tried: [...(attempt.tried ?? []), seen] };
    },
  };
}

function autoconsentDriver(action: ConsentAction, session: AutoconsentSession): ConsentDriver {
  const verb = action === 'reject' ? 'refused' : 'accepted';
  return {
    async give(page, context) {
      const shots: ConsentScreenshots = {};
      const outcome: AutoconsentOutcome = await session.operate({
        beforeClick: () => screenshot(page, context, 'before', shots),
        afterClick: async () => {
          await context.waitForQuiet();
          await screenshot(page, context, 'after', shots);
        },
      });
      const tried = [`manifest: no consent.${action} selector`, ...outcome.tried];
      if (!outcome.operated) {
        session.retire();
        const note =
          outcome.platform === null
            ? `No consent banner was found: autoconsent recognised none of the consent platforms it knows. If the site has its own banner, name its button in consent.${action}: { selector: "…" }.`
            : `autoconsent recognised ${outcome.platform}, but its banner never opened (it may hide from automated browsers). If the site shows another banner, name its button in consent.${action}: { selector: "…" }.`;
        return { action, method: 'none', platform: outcome.platform, succeeded: false, tried, note };
      }
      // A page that reloads itself on the choice cannot answer; the reload check then judges whether it took.
      const succeeded = outcome.result === true || (outcome.result === undefined && outcome.navigated === true);
      const attempt: ConsentAttempt = {
        action,
        method: 'autoconsent',
        platform: outcome.platform,
        succeeded,
        tried,
        note:
          outcome.result === true
            ? `autoconsent's ${outcome.platform} rule ${verb} consent on the banner.`
            : succeeded
              ? `autoconsent's ${outcome.platform} rule clicked the banner and the page reloaded itself before the rule could answer.`
              : `autoconsent's ${outcome.platform} rule could not complete on the banner${outcome.result === false ? ' (the platform rule reported failure)' : ''}.`,
      };
      if (outcome.selfTest !== undefined) attempt.selfTest = outcome.selfTest;
      // A failed attempt is not followed by the reload check.
      if (!attempt.succeeded) session.retire();
      return withScreenshots(attempt, shots);
    },
    async checkAfterReload(_page, attempt) {
      const returned = await session.bannerReturned();
      session.retire();
      const tried = [...(attempt.tried ?? []), returned ? `after the reload, the ${returned.cmp} banner opened again` : 'after the reload, the banner stayed closed'];
      return { ...attempt, bannerShownAfterConsent: returned !== undefined, tried };
    },
  };
}
