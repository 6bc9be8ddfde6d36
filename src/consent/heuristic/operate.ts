/**
 * Giving or refusing consent on a banner the heuristic found: the first layer's accept or reject when it
 * has one; else its settings, where every toggle that is not strictly necessary is switched off (or on,
 * to accept) before "reject all" or "save"; and when refusing is simply not offered, nothing is clicked.
 */
import type { ElementHandle, Frame, Page } from 'playwright-core';
import { describeError } from '../../browser/errors.js';
import type { BannerEvidence, ConsentClick, ControlRole } from '../types.js';
import { activityOf, ANSWER_STILL_MS, combineActivity, settled, shownOnceAnswered, type PageActivity } from '../watch.js';
import { bannerEvidence, nodeOf, nodeShown, release, scanPage, toggleChecked, toggleEvidence, type FoundBanner } from './find.js';
import type { PageControl } from './page.js';

export interface HeuristicOutcome {
  /** The answer was given: every click needed was made and the banner closed. */
  succeeded: boolean;
  banner: BannerEvidence;
  clicks: ConsentClick[];
  /** Reject: the banner offers no refusal at all (only accept, OK). */
  refusal?: 'impossible';
  /** The banner (or its settings layer) was still on screen after the last click. */
  stillShown: boolean;
  tried: string[];
  note: string;
}

export interface OperateOptions {
  timeoutMs: number;
  waitForQuiet(): Promise<void>;
  /** Runs once, just before the first click (the "before" screenshot). */
  beforeClick(): Promise<void>;
}

/** A page that never settles after a click is given at most this long to answer it (see shownOnceAnswered). */
const ANSWER_MAX_MS = 10_000;
const POLL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What Playwright says when the document went away under a click: the click's own doing, not a failure. */
const NAVIGATED = /Execution context was destroyed|navigat|Frame was detached/i;

/** What Playwright says when the frame an element lived in was taken out of the page (its target closed); a detached frame is NAVIGATED's. */
const FRAME_GONE = /Target page, context or browser has been closed|Target closed/i;

/**
 * A banner in a frame of its own that the page removes once the frame tells it the choice: on a busy machine
 * that removal can come while Playwright is still finishing the click (the frame's target closes under it).
 * The frame is gone and the page is not: what the click did is then judged by the page, as after any click.
 */
async function frameRemoved(frame: Frame, error: unknown): Promise<boolean> {
  if (!FRAME_GONE.test(describeError(error)) || frame.parentFrame() === null || frame.page().isClosed()) return false;
  // The page's word that the frame left may come just after the frame's own target closed.
  if (!frame.isDetached()) await frame.page().waitForEvent('framedetached', { predicate: (f) => f === frame, timeout: FRAME_GONE_WAIT_MS }).catch(() => undefined);
  return frame.isDetached() && !frame.page().isClosed();
}

const FRAME_GONE_WAIT_MS = 1000;

/** A real click (the element must be visible and receive it); when something covers it, the element's own click(). */
async function click(element: ElementHandle, frame: Frame, timeoutMs: number): Promise<string | undefined> {
  try {
    await element.click({ timeout: timeoutMs });
    return undefined;
  } catch (error) {
    // A banner whose handler reloads the page at once (location.reload() in the click): the click was made.
    if (NAVIGATED.test(describeError(error))) return 'the page navigated on the click';
    if (await frameRemoved(frame, error)) return `the banner's frame was removed from the page as the click ended (${describeError(error)})`;
    try {
      await element.evaluate((el) => (el as HTMLElement).click());
      return `a real click failed (${describeError(error)}), so the element's own click() was used`;
    } catch (inner) {
      if (NAVIGATED.test(describeError(inner))) return `the page navigated on the element's own click() (a real click failed: ${describeError(error)})`;
      if (await frameRemoved(frame, inner)) return `the banner's frame was removed from the page (a real click failed: ${describeError(error)})`;
      throw new Error(`could not click: ${describeError(inner)}`);
    }
  }
}

function quote(text: string): string {
  return JSON.stringify(text === '' ? '(no text)' : text);
}

export async function operateBanner(page: Page, first: FoundBanner, action: 'reject' | 'accept', options: OperateOptions): Promise<HeuristicOutcome> {
  const banner = bannerEvidence(first, 'heuristic');
  const clicks: ConsentClick[] = [];
  const tried: string[] = [`found a banner${first.frame.parentFrame() ? ` in the frame ${banner.frameUrl}` : ''}${banner.inShadowRoot ? ` in ${banner.closedShadowRoot ? 'a closed' : 'a'} shadow root` : ''} (${banner.signals.join('; ')}) with ${describeControls(first.read.controls)}`];
  let before = false;
  const press = async (found: FoundBanner, control: { node: number; text: string; selector: string }, role: ControlRole | 'toggle', layer: 'first' | 'second') => {
    if (!before) {
      before = true;
      await options.beforeClick();
    }
    const element = await nodeOf(found, control.node);
    if (!element) throw new Error(`${quote(control.text)} is gone`);
    // A switch is often a hidden checkbox under a styled label: no long wait for it to become clickable.
    const how = await click(element, found.frame, role === 'toggle' ? 1000 : Math.min(options.timeoutMs, 5000));
    clicks.push({ role, text: control.text, selector: control.selector, layer });
    tried.push(`clicked ${role} ${quote(control.text)} (${control.selector})${how ? `: ${how}` : ''}`);
  };
  const pick = (found: FoundBanner, role: ControlRole) => found.read.controls.find((c) => c.role === role);
  const result = (succeeded: boolean, stillShown: boolean, note: string, extra: Partial<HeuristicOutcome> = {}): HeuristicOutcome => ({
    succeeded,
    banner,
    clicks,
    stillShown,
    tried,
    note,
    ...extra,
  });
  const verb = action === 'reject' ? 'refused' : 'accepted';

  /** After the last click: wait for what it loads, then whether the box is still on screen. */
  const finish = async (found: FoundBanner, how: string): Promise<HeuristicOutcome> => {
    await options.waitForQuiet();
    const stillShown = await bannerShownOnceAnswered(page, found);
    if (stillShown) {
      tried.push('after the last click, the banner is still shown');
      return result(false, true, `The banner's ${how} was clicked, but the banner stayed open: consent could not be ${verb}.`);
    }
    tried.push('the banner closed');
    return result(true, false, `Consent ${verb} on the site's own banner: ${how}.`);
  };

  try {
    const direct = pick(first, action);
    if (direct) {
      await press(first, direct, action, 'first');
      return await finish(first, `${quote(direct.text)} button`);
    }
    const settings = pick(first, 'settings');
    if (settings) {
      await press(first, settings, 'settings', 'first');
      const second = await secondLayer(page, first);
      if (!second) {
        tried.push('no settings layer with toggles or a save button opened once the page had answered the click');
        return result(false, true, `The banner has no ${action} button on its first layer, and its settings (${quote(settings.text)}) opened nothing cookie-audit could operate.`);
      }
      banner.toggles = second.read.toggles.map(toggleEvidence);
      tried.push(`the settings layer shows ${describeControls(second.read.controls)} and ${second.read.toggles.length} toggle(s)`);
      const all = pick(second, action);
      if (action === 'reject' || !all) {
        // Refusing: every toggle that is not strictly necessary off. Accepting without "accept all": every toggle on.
        for (const toggle of second.read.toggles) {
          const want = action === 'accept';
          if (toggle.disabled || toggle.checked === want || (!want && toggle.category === 'necessary')) continue;
          await press(second, { node: toggle.node, text: toggle.label, selector: toggle.selector }, 'toggle', 'second');
          if ((await toggleChecked(second, toggle.node)) !== want) {
            const element = await nodeOf(second, toggle.node);
            await element?.evaluate((el) => (el as HTMLElement).click()).catch(() => undefined);
            tried.push(`the toggle ${quote(toggle.label)} did not change on the click; clicked it directly`);
          }
        }
      }
      const last = all ?? pick(second, 'save');
      if (!last) return result(false, true, `The banner's settings layer has no ${action === 'reject' ? '"reject all"' : '"accept all"'} and no save button.`);
      await press(second, last, last.role, 'second');
      const outcome = await finish(second, `settings ${quote(settings.text)}, then ${quote(last.text)}`);
      release(second);
      return outcome;
    }
    if (action === 'reject') {
      const close = pick(first, 'close');
      if (close) {
        await press(first, close, 'close', 'first');
        return await finish(first, `close ${quote(close.text)} (the banner offers no other way to refuse)`);
      }
      tried.push('the banner has no reject, settings or close control: refusing is impossible, nothing was clicked');
      return result(false, true, `The banner offers no way to refuse consent: its only controls are ${describeControls(first.read.controls)}.`, { refusal: 'impossible' });
    }
    return result(false, true, `The banner has no control that accepts (${describeControls(first.read.controls)}).`);
  } catch (error) {
    tried.push(describeError(error));
    return result(false, true, `Operating the site's banner failed: ${describeError(error)}.`);
  }
}

/** The page and the banner's own frame, read together: what either is still about to do. */
async function answerActivity(page: Page, found: FoundBanner): Promise<PageActivity> {
  const [top, frame] = await Promise.all([
    activityOf(page.mainFrame()),
    found.frame === page.mainFrame() || found.frame.isDetached() ? undefined : activityOf(found.frame),
  ]);
  if (!frame) return top;
  return { ...combineActivity(top, [frame]), timers: top.timers + frame.timers, loading: top.loading + frame.loading };

}

/** Whether the banner is still on screen once the page has answered the click (or gave up answering). */
function bannerShownOnceAnswered(page: Page, found: FoundBanner): Promise<boolean> {
  return shownOnceAnswered(async () => !page.isClosed() && (await nodeShown(found, found.read.node)), () => answerActivity(page, found), ANSWER_MAX_MS);
}

/** The settings layer once it opened: a banner read with toggles or a save/reject button it did not have before. */
async function secondLayer(page: Page, first: FoundBanner): Promise<FoundBanner | undefined> {
  const deadline = Date.now() + ANSWER_MAX_MS;
  const before = new Set(first.read.controls.map((c) => `${c.role}:${c.text}`));
  let calm = 0;
  for (;;) {
    const { found, activity, answered } = await scanPage(page, 'second');
    if (found) {
      const fresh = found.read.controls.some((c) => !before.has(`${c.role}:${c.text}`));
      if (found.read.toggles.length > 0 || (fresh && found.read.controls.some((c) => c.role === 'save' || c.role === 'reject' || c.role === 'accept'))) return found;
      release(found);
    }
    // Nothing new once the page has answered the click: the settings opened nothing that can be operated.
    // A scan the page did not answer in time says nothing of it (its activity reads as none): not calm.
    calm = answered && settled(activity, ANSWER_STILL_MS) ? calm + 1 : 0;
    if (calm >= 3 || Date.now() >= deadline) return undefined;
    await sleep(POLL_MS);
  }
}

export function describeControls(controls: readonly PageControl[] | readonly { role: string; text: string }[]): string {
  if (controls.length === 0) return 'no controls';
  return controls.map((c) => `${c.role} ${quote(c.text)}`).join(', ');
}
