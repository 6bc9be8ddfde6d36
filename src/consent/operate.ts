/**
 * Giving or refusing consent on the page's banner, by the first means that works, in this order: the
 * manifest's selector or click sequence; DuckDuckGo's autoconsent, when it recognises the consent
 * platform; cookie-audit's own heuristic, which reads any banner by its words (src/consent/heuristic/).
 * The result is evidence (what was tried, what the banner looked like before and after, whether it
 * worked), never an exception.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describeError, isTimeout } from '../browser/errors.js';
import { withinTime } from '../evidence/capture.js';
import type { ConsentAttempt, ConsentScreenshots } from '../evidence/types.js';
import type { PolicyManifest } from '../policy/types.js';
import { AutoconsentSession, autoconsentVersion, DETECT_MS, type AutoconsentEvent, type AutoconsentOutcome } from './autoconsent.js';
import { bannerEvidence, findBanner, release, type FoundBanner } from './heuristic/find.js';
import { operateBanner } from './heuristic/operate.js';
import { roleOf } from './heuristic/page.js';
import { lookForBanner, watchDomChanges, type Look } from './look.js';
import { activityOf, shownOnceAnswered } from './watch.js';
import { findReopen, onlyReopens } from './reopen.js';
import type { BannerScout } from './scout.js';
import { saveOutlinedScreenshot, saveScreenshot, type ScreenshotMoment } from './screenshot.js';
import type { BannerEvidence, BannerSearch, ConsentClick, ReopenControl } from './types.js';
import { CONSENT_LANGUAGES, CONSENT_WORDS } from './words.js';

export type ConsentAction = 'reject' | 'accept';

/** The longest a manifest-selector banner is given to close (or the page to settle) after the clicks or the reload. */
const SELECTOR_ANSWER_MAX_MS = 10_000;

/** After the reload that follows consent: the longest the look for a returning banner may wait for the page to settle. */
const RELOAD_LOOK_MS = 3000;

/** The longest the look waits for its scripts to come off the context (see prepareLook). */
const SCRIPTS_OFF_MS = 5000;

export interface ConsentContext {
  /** Upper bound for finding and clicking each element. */
  timeoutMs: number;
  /** Waits until the network is quiet again (the tags a click loads must run before the reload). */
  waitForQuiet(): Promise<void>;
  /** How long the network has been quiet, in ms (0 while a request is in flight). */
  networkQuietFor?: () => number;
  /** Where the before/after screenshots go and what they are called; absent: none are taken. */
  screenshots?: { dir: string; fileName(moment: ScreenshotMoment): string; /** Told how long each screenshot took. */ spent?(ms: number): void };
}

/** The phase's way of operating the banner, set up on its context before the first page opens. */
export interface ConsentDriver {
  /** Operate the banner of the loaded page. */
  give(page: Page, context: ConsentContext): Promise<ConsentAttempt>;
  /**
   * The page reloads now, after a successful attempt: what the reloaded page reports of its banner is listened
   * for from here, while it loads and goes quiet, rather than from checkAfterReload on.
   */
  reloading?(): void;
  /** After the reload that follows a successful attempt: the same attempt, plus whether the banner came back. */
  checkAfterReload(page: Page, attempt: ConsentAttempt): Promise<ConsentAttempt>;
  /**
   * The consent stage is done with this phase (the start page's attempt and its reload check): the pages
   * after it load without the stage's scripts (the watch, autoconsent), which only the start page needs.
   */
  settled(): Promise<void>;
}

export interface PrepareOptions {
  /** --consent-wait: the longest a banner is waited for. */
  consentWaitMs?: number;
  /** The pre phase's look for the banner, when it runs beside this phase. */
  scout?: BannerScout;
  /** Page load timeout: how long the pre phase may take to get to its look. */
  timeoutMs: number;
}

/**
 * Manifest selectors when the manifest names them for this action; else autoconsent and the heuristic,
 * whose scripts must be on the context before any page loads (so only reject/accept phases ever call
 * this: the pre and gpc phases must not touch the banner).
 */
export async function prepareConsent(context: BrowserContext, action: ConsentAction, policy: PolicyManifest, options: PrepareOptions): Promise<ConsentDriver> {
  const step = policy.consent[action];
  const clicks = step?.clicks ?? (step?.selector !== undefined ? [step.selector] : []);
  if (step && clicks.length > 0) {
    // The watch tells when the page has answered the clicks (the banner's state is judged then).
    const watch = await watchDomChanges(context);
    return { ...selectorDriver(action, clicks), settled: () => watch.dispose().catch(() => undefined) };
  }
  // Beside a pre phase, autoconsent is put on the page only once that phase's look says it is needed.
  const session = await AutoconsentSession.install(context, action === 'reject' ? 'optOut' : 'optIn', options.consentWaitMs, { lazy: options.scout !== undefined });
  const watch = await watchDomChanges(context);
  const settled = async () => {
    session.retire();
    await Promise.all([session.detach(), watch.dispose().catch(() => undefined)]);
  };
  return { ...automaticDriver(action, session, options), settled };
}

/** The pre phase's way of looking at the banner without touching it. */
export interface BannerLooker {
  /** `networkQuietFor`: how long the page's network has been quiet (see LookOptions). */
  look(page: Page, networkQuietFor?: () => number): Promise<BannerSearch>;
}

export async function prepareLook(context: BrowserContext, consentWaitMs = DETECT_MS, scout?: BannerScout): Promise<BannerLooker> {
  // autoconsent only detects here: it clicks nothing unless told to operate, which the pre phase never does.
  const session = await AutoconsentSession.install(context, 'optOut', consentWaitMs);
  const watch = await watchDomChanges(context);
  // Its page keeps detecting after the look ended: a platform it recognises late still counts for the others.
  scout?.follow(() => session.detectedPlatform());
  return {
    async look(page, networkQuietFor) {
      const look = await lookForBanner(page, session, { maxMs: consentWaitMs, ...(networkQuietFor ? { networkQuietFor } : {}) });
      session.retire();
      // Only the start page is looked at: the pages after it load without the look's scripts. Taking a script
      // off waits on every frame of the page, and a frame whose script never yields never answers: the phase
      // goes on after a while (its later documents at worst still get the retired scripts, which do nothing).
      await withinTime(Promise.all([session.detach(), watch.dispose().catch(() => undefined)]), SCRIPTS_OFF_MS);
      const search: BannerSearch = { seen: look.found !== undefined || look.popupOpen || look.autoconsentHeuristic !== null, platform: look.platform, ms: look.ms };
      if (look.found) search.banner = withGesture(bannerEvidence(look.found, look.popupOpen || look.platform ? 'autoconsent' : 'heuristic'), look);
      release(look.found);
      return search;
    },
  };
}

/** A screenshot; with the banner's evidence, right after the 'before' one, the banner with its controls outlined. */
async function screenshot(page: Page, context: ConsentContext, moment: 'before' | 'after', into: ConsentScreenshots, banner?: BannerEvidence): Promise<void> {
  if (!context.screenshots) return;
  const started = performance.now();
  const name = await saveScreenshot(page, context.screenshots.dir, context.screenshots.fileName(moment));
  context.screenshots.spent?.(performance.now() - started);
  if (name !== undefined) into[moment] = name;
  if (moment === 'before' && banner !== undefined && banner.controls.length > 0) {
    const outlined = await saveOutlinedScreenshot(page, context.screenshots.dir, context.screenshots.fileName('outlined'), banner);
    if (outlined !== undefined) into.outlined = outlined;
  }
}

function withScreenshots(attempt: ConsentAttempt, shots: ConsentScreenshots): ConsentAttempt {
  return Object.keys(shots).length > 0 ? { ...attempt, screenshots: shots } : attempt;
}

/** After the reload: what reopens the choices (null: none); left unset when the page could not be read. */
function withReopen(attempt: ConsentAttempt, reopen: ReopenControl | null | undefined): ConsentAttempt {
  if (reopen === undefined) return attempt;
  const seen = reopen ? `after the reload, ${JSON.stringify(reopen.text)} (${reopen.selector}) reopens the consent choices` : 'after the reload, nothing on the page reopens the consent choices';
  return { ...attempt, reopen, tried: [...(attempt.tried ?? []), seen] };
}

async function anyVisible(page: Page, selectors: readonly string[]): Promise<boolean> {
  for (const sel of selectors) {
    if (await page.locator(sel).first().isVisible().catch(() => false)) return true;
  }
  return false;
}

/**
 * Whether any of the selectors is still visible once the page has answered (it is gone, or the page settled
 * twice in a row, or SELECTOR_ANSWER_MAX_MS passed): a banner hidden by a script a moment later, on a busy
 * machine, is not "still shown".
 */
function visibleOnceSettled(page: Page, selectors: readonly string[]): Promise<boolean> {
  return shownOnceAnswered(async () => !page.isClosed() && (await anyVisible(page, selectors)), () => activityOf(page.mainFrame()), SELECTOR_ANSWER_MAX_MS);
}

/** What a control says (visible text, else aria-label, else value): the words a visitor clicks on. */
async function controlText(page: Page, selector: string, timeout: number): Promise<string> {
  const text = await page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const own = el instanceof HTMLElement ? el.innerText : (el.textContent ?? '');
      return (own.trim() || el.getAttribute('aria-label') || (el instanceof HTMLInputElement ? el.value : '') || '').replace(/\s+/g, ' ').trim();
    }, undefined, { timeout })
    .catch(() => '');
  return text.slice(0, 200);
}

function selectorDriver(action: ConsentAction, clicks: string[]): Omit<ConsentDriver, 'settled'> {
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
      // What the banner looks like, read before anything is clicked (the manifest names the buttons, not the box).
      const read = await findBanner(page);
      const banner = read ? bannerEvidence(read, 'selector') : undefined;
      release(read);
      await screenshot(page, context, 'before', shots, banner);
      const texts: string[] = [];
      for (const sel of clicks) {
        try {
          // Read with the click's own patience: a busy machine must not turn a label into "no text at all".
          texts.push(await controlText(page, sel, timeout));
          await page.locator(sel).first().click({ timeout });
          tried.push(`clicked ${JSON.stringify(sel)} (manifest consent.${action})`);
        } catch (error) {
          return failed(sel, error);
        }
      }
      await context.waitForQuiet();
      await screenshot(page, context, 'after', shots);
      const stillShown = await visibleOnceSettled(page, clicks);
      if (stillShown) tried.push('after the clicks, the banner is still shown');
      const made: ConsentClick[] = clicks.map((sel, i) => ({ role: i === clicks.length - 1 ? action : roleOf(texts[i] ?? '', CONSENT_WORDS), text: texts[i] ?? '', selector: sel, layer: i === 0 ? 'first' : 'second' }));
      const attempt: ConsentAttempt = { action, method: 'selector', selector, succeeded: true, bannerSeen: true, clicks: made, tried, bannerShownAfterConsent: stillShown, note: `Clicked ${selector} (manifest consent.${action}).` };
      if (banner) attempt.banner = banner;
      return withScreenshots(attempt, shots);
    },
    async checkAfterReload(page, attempt) {
      if (attempt.bannerShownAfterConsent === true) return attempt;
      const reopen = findReopen(page);
      const back = await visibleOnceSettled(page, [first]);
      const seen = back ? `after the reload, ${JSON.stringify(first)} is shown again` : 'after the reload, the banner stayed closed';
      const checked = { ...attempt, bannerShownAfterConsent: back, tried: [...(attempt.tried ?? []), seen] };
      return back ? checked : withReopen(checked, await reopen);
    },
  };
}

/** The banner's evidence, with the gesture it waited for. */
function withGesture(banner: BannerEvidence, look: Look): BannerEvidence {
  return look.gesture ? { ...banner, appearedAfter: look.gesture } : banner;
}

/**
 * autoconsent first when it recognises the platform, else (or when its rule fails) the heuristic. How long
 * to wait for a banner comes from the pre phase's look: none seen there, none waited for here.
 */
function automaticDriver(action: ConsentAction, session: AutoconsentSession, options: PrepareOptions): Omit<ConsentDriver, 'settled'> {
  const verb = action === 'reject' ? 'refused' : 'accepted';
  const waitMs = options.consentWaitMs ?? DETECT_MS;
  let operated: 'autoconsent' | 'heuristic' | undefined;
  /** autoconsent's report of the reloaded page, listened for since the reload began (see reloading). */
  let returning: Promise<{ event?: AutoconsentEvent; looked: boolean }> | undefined;
  let network: { networkQuietFor?: () => number } = {};
  return {
    async give(page, context) {
      network = context.networkQuietFor ? { networkQuietFor: context.networkQuietFor } : {};
      const shots: ConsentScreenshots = {};
      const tried: string[] = [`manifest: no consent.${action} selector`];
      const scout = options.scout;
      // This phase looks for itself, at once, while the pre phase looks beside it: the pre phase's "no banner"
      // never spares this look its proof. What the pre phase says is followed as it comes in: a banner it saw
      // is waited for, a platform autoconsent recognised there gets autoconsent put on this page.
      const followScout = async () => {
        if (!scout || session.isAttached) return;
        const platform = scout.platformNow();
        if (platform !== null) await session.attach(page);
      };
      let look = await lookForBanner(page, session, { maxMs: waitMs, expect: () => scout?.sawBanner() === true, beforePoll: followScout, ...network });
      // The gestures this phase made, in both looks: a banner the first look's gesture brought up late is found by the second.
      const gesturesTried = [...look.gesturesTried];
      const search = scout ? await scout.wait(options.timeoutMs + waitMs) : undefined;
      if (scout) {
        const platform = search?.platform ?? scout.platformNow();
        const needsAutoconsent = !session.isAttached && (platform !== null || search === undefined);
        if (needsAutoconsent) {
          // A platform the pre phase recognised (or a pre phase that could not look): autoconsent looks here too.
          await session.attach(page);
          if (platform !== null) await session.platformRecognised(waitMs);
        }
        const moreToSee = (search?.seen === true || platform !== null) && !look.popupOpen && (look.found === undefined || (platform !== null && look.platform === null));
        if (needsAutoconsent || moreToSee) {
          release(look.found);
          if (search === undefined) tried.push('the first visit (pre phase) could not look for a banner; looked on this page with autoconsent too');
          look = await lookForBanner(page, session, { maxMs: waitMs, expect: () => search?.seen === true || platform !== null, gestures: look.gesturesTried.length === 0, ...network });
          gesturesTried.push(...look.gesturesTried);
        }
      }
      if (gesturesTried.length > 0) tried.push(`tried what a visitor does: ${gesturesTried.join(', ')}`);
      if (look.found && look.gesture) tried.push(`the banner appeared after ${look.gesture}`);
      if (!look.found && !look.popupOpen && look.unsettled) tried.push(`the page had not settled when the look ended after ${(look.ms / 1000).toFixed(1)} s: ${look.unsettled}`);
      if (search && !search.seen && search.platform === null && !look.found && !look.popupOpen) {
        tried.push(`the first visit (pre phase) found no banner after ${(search.ms / 1000).toFixed(1)} s, and none is on this page`);
      }
      const seen = look.found !== undefined || look.popupOpen || look.autoconsentHeuristic !== null || search?.seen === true;
      if (!look.found && look.autoconsentHeuristic !== null) {
        tried.push(`autoconsent's popup heuristic saw a cookie popup (${look.autoconsentHeuristic}) that cookie-audit's heuristic could not read`);
      }
      if (!seen && look.platform === null) {
        tried.push(`autoconsent ${autoconsentVersion()}: no consent platform recognised`, `heuristic: no box on the page reads as a consent banner (words of ${CONSENT_LANGUAGES.length} languages)`);
      }
      const banner = look.found;
      const read = banner ? withGesture(bannerEvidence(banner, look.popupOpen || look.platform !== null ? 'autoconsent' : 'heuristic'), look) : undefined;

      if (look.popupOpen || look.platform !== null) {
        const outcome: AutoconsentOutcome = await session.operate(
          {
            beforeClick: () => screenshot(page, context, 'before', shots, read),
            afterClick: async () => {
              await context.waitForQuiet();
              await screenshot(page, context, 'after', shots);
            },
          },
          look.popupOpen ? 0 : Math.max(0, waitMs - look.ms),
        );
        tried.push(...outcome.tried);
        // A page that reloads itself on the choice cannot answer; the reload check then judges whether it took.
        const succeeded = outcome.operated && (outcome.result === true || (outcome.result === undefined && outcome.navigated === true));
        if (succeeded) {
          // autoconsent stays on for the reload that follows: it is what sees the platform's banner come back
          // (checkAfterReload retires it once that is known).
          operated = 'autoconsent';
          const attempt: ConsentAttempt = {
            action,
            method: 'autoconsent',
            platform: outcome.platform,
            succeeded: true,
            bannerSeen: true,
            tried,
            note:
              outcome.result === true
                ? `autoconsent's ${outcome.platform} rule ${verb} consent on the banner.`
                : `autoconsent's ${outcome.platform} rule clicked the banner and the page reloaded itself before the rule could answer.`,
          };
          if (read) attempt.banner = read;
          if (outcome.selfTest !== undefined) attempt.selfTest = outcome.selfTest;
          release(banner);
          return withScreenshots(attempt, shots);
        }
        if (outcome.operated) tried.push(`autoconsent's ${outcome.platform} rule could not complete${outcome.result === false ? ' (the platform rule reported failure)' : ''}; trying the heuristic`);
      }
      session.retire();

      // The heuristic: the banner the look read, else (after a failed platform rule) whatever is on screen now.
      const found: FoundBanner | undefined = banner ?? (seen ? await findBanner(page) : undefined);
      if (found) {
        const outcome = await operateBanner(page, found, action, {
          timeoutMs: context.timeoutMs,
          waitForQuiet: () => context.waitForQuiet(),
          beforeClick: () => screenshot(page, context, 'before', shots, bannerEvidence(found, 'heuristic')),
        });
        if (outcome.clicks.length > 0) await screenshot(page, context, 'after', shots);
        release(found);
        operated = outcome.succeeded ? 'heuristic' : undefined;
        const attempt: ConsentAttempt = {
          action,
          method: 'heuristic',
          platform: look.platform,
          succeeded: outcome.succeeded,
          bannerSeen: true,
          banner: outcome.banner,
          clicks: outcome.clicks,
          selector: outcome.clicks.map((c: ConsentClick) => c.selector).join(' → '),
          tried: [...tried, ...outcome.tried],
          note: outcome.note,
        };
        if (outcome.clicks.length === 0) delete attempt.selector;
        if (outcome.refusal) attempt.refusal = outcome.refusal;
        if (outcome.succeeded) attempt.bannerShownAfterConsent = false;
        return withScreenshots(attempt, shots);
      }

      const note = seen
        ? `A consent banner was seen on this site${search?.seen ? ' when it was first visited (pre phase)' : ''}, but cookie-audit could not find or operate it in this phase. Name its button in consent.${action}: { selector: "…" } to operate it.`
        : look.platform !== null
          ? `autoconsent recognised ${look.platform}, but its banner never opened (it may hide from automated browsers), and no other banner was found. If the site shows another banner, name its button in consent.${action}: { selector: "…" }.`
          : `No consent banner was found: autoconsent recognised no consent platform it knows, and no box on the page reads as a consent banner. If the site has a banner, name its button in consent.${action}: { selector: "…" }.`;
      return { action, method: 'none', platform: look.platform, succeeded: false, bannerSeen: seen, tried, note };
    },
    reloading() {
      if (operated === 'autoconsent') returning = session.watchReturn();
    },
    async checkAfterReload(page, given) {
      let attempt = given;
      // The way back to the choices is looked for while the banner is looked for: both only read the page.
      const reopen = findReopen(page);
      let back: string | undefined;
      // The page's own settled state decides (the look ends once the page is still, however busy the machine).
      const look = await lookForBanner(page, undefined, { maxMs: RELOAD_LOOK_MS, gestures: false, ...network });
      // A "Cookie settings" button floating over the page is the way back to the choices, not the banner.
      const visible = look.found !== undefined && !onlyReopens(look.found.read.controls);
      release(look.found);
      // For a platform autoconsent operated, its rule's report of the reloaded page names a banner that is back
      // (waited for: listened for since the reload began, and from now on where that window closed before the
      // page was looked at). It is believed only when a banner is visible (some rules check that the banner's
      // element exists, not that it shows), so with none visible, what it has reported by now is noted, unwaited.
      let returned: AutoconsentEvent | undefined;
      if (operated === 'autoconsent' && visible) {
        const early = await returning;
        returned = early?.looked ? early.event : await session.bannerReturned();
      } else if (operated === 'autoconsent') returned = session.reportedSinceConsent();
      if (visible) back = returned ? `the ${returned.cmp} banner` : 'the banner';
      else if (returned) attempt = { ...attempt, tried: [...(attempt.tried ?? []), `after the reload, autoconsent's ${returned.cmp} rule reported its banner, but no banner is visible on the page`] };
      session.retire();
      const tried = [...(attempt.tried ?? []), back ? `after the reload, ${back} opened again` : 'after the reload, the banner stayed closed'];
      const checked = { ...attempt, bannerShownAfterConsent: back !== undefined, tried };
      return back ? checked : withReopen(checked, await reopen);
    },
  };
}
