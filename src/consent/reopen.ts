/**
 * After consent was given and the page reloaded: is there still a way back to the choices? Withdrawing
 * must be as easy as giving (GDPR art. 7(3)), so a site keeps a floating button, a footer "Cookie settings"
 * link or its consent platform's revisit icon on the page. Looked for in the top-level page: first the
 * platforms' own revisit controls by selector, then any button or link whose words say it reopens the
 * choices (rules/consent-words.json, "reopen" and "reopenSelectors"). Below the fold counts: a footer
 * link is there for whoever scrolls to it.
 *
 * scanReopen and the functions it calls are sent to the page as source text, like heuristic/page.ts.
 */
import type { Page } from 'playwright-core';
import { FRAME_READ_TIMEOUT_MS, withinTime } from '../evidence/capture.js';
import { composedText, hasStem, normText, pageSource, selectorOf, stemsIn } from './heuristic/page.js';
import { stillFor } from './look.js';
import type { ControlRole, ReopenControl } from './types.js';
import { REOPEN_WORDS, type ReopenWords } from './words.js';

/** A control's words say it reopens the consent choices: the phrase they hold, or undefined. A sentence is not a control. */
export function reopenPhrase(text: string, stems: readonly string[]): string | undefined {
  const t = normText(text);
  if (t === '' || t.split(' ').length > 8) return undefined;
  return stemsIn(t, stems)[0];
}

/**
 * A box the banner heuristic reads after consent whose only controls open the settings ("Cookie
 * settings" floating over the page) is the way back to the choices, not the banner coming back.
 */
export function onlyReopens(controls: readonly { role: ControlRole }[]): boolean {
  const acting = controls.filter((c) => c.role !== 'other');
  return acting.length > 0 && acting.every((c) => c.role === 'settings');
}

/** Runs in the page: the first rendered revisit control, by a platform's selector, else by its words. */
export function scanReopen(words: ReopenWords): ReopenControl | null {
  const roots: (Document | ShadowRoot)[] = [document];
  for (let i = 0; i < roots.length && i < 200; i++) {
    for (const el of Array.from((roots[i] as Document | ShadowRoot).querySelectorAll('*'))) if (el.shadowRoot) roots.push(el.shadowRoot);
  }
  const rendered = (el: Element): boolean => {
    const rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) return false;
    const check = (el as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility;
    return check ? check.call(el, { opacityProperty: true, visibilityProperty: true }) : true;
  };
  const labelOf = (el: Element): string => {
    const text = composedText(el);
    if (text !== '') return text;
    const img = el.querySelector('img[alt]');
    const named = el.getAttribute('aria-label') ?? el.getAttribute('title') ?? img?.getAttribute('alt') ?? '';
    return named.replace(/\s+/g, ' ').trim();
  };
  for (const { library, selector } of words.selectors) {
    for (const root of roots) {
      let found: Element[] = [];
      try {
        found = Array.from(root.querySelectorAll(selector));
      } catch {
        continue;
      }
      const shown = found.find(rendered);
      if (shown) return { text: (labelOf(shown) || `${library} revisit control`).slice(0, 200), selector: selectorOf(shown) };
    }
  }
  for (const root of roots) {
    for (const el of Array.from(root.querySelectorAll('a[href], button, [role=button], [role=link], [onclick]'))) {
      const label = labelOf(el);
      if (label.length > 120 || !rendered(el)) continue;
      if (reopenPhrase(label, words.stems) !== undefined) return { text: label.slice(0, 200), selector: selectorOf(el) };
    }
  }
  return null;
}

const PAGE_FUNCTIONS = [normText, hasStem, stemsIn, composedText, selectorOf, reopenPhrase, scanReopen];

function reopenExpression(words: ReopenWords): string {
  return `(() => { ${pageSource(PAGE_FUNCTIONS)}\nreturn scanReopen(${JSON.stringify(words)}); })()`;
}

/** The page's DOM has been still this long: a platform that draws its revisit icon has drawn it. */
const DOM_STILL_MS = 400;
const MAX_MS = 2500;
/**
 * A page that has not answered a single read has not been looked at: on a busy machine one read may take its
 * whole FRAME_READ_TIMEOUT_MS. Reads go on this long before "nobody knows", so the verdict does not depend on
 * the machine's load.
 */
const UNANSWERED_MAX_MS = 10_000;
const POLL_MS = 200;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The control that reopens the choices, or null when the page, once still, shows none. Undefined when the
 * page could not be read (closed, or it never answered): nobody knows, so no rule may judge it.
 */
export async function findReopen(page: Page, words: ReopenWords = REOPEN_WORDS): Promise<ReopenControl | null | undefined> {
  const start = Date.now();
  const expression = reopenExpression(words);
  let answered = false;
  for (;;) {
    if (page.isClosed()) return undefined;
    const found = await withinTime(page.mainFrame().evaluate(expression) as Promise<ReopenControl | null>, FRAME_READ_TIMEOUT_MS).catch(() => undefined);
    if (found) return found;
    if (found === null) answered = true;
    if (found === null && (await stillFor(page)) >= DOM_STILL_MS) return null;
    if (Date.now() >= start + (answered ? MAX_MS : UNANSWERED_MAX_MS)) return found;
    await sleep(POLL_MS);
  }
}
