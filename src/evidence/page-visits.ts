/**
 * Which page visit each tab is on. A phase visits several pages at once in one context, so "the page
 * being visited" is a property of the tab an event came from, not of the context: recorders ask here
 * to attribute a request, a Set-Cookie or a script write to the visit that caused it.
 *
 * A tab goes from one page straight to the next (no blank page between: it costs a navigation per page).
 * Until the next page's document commits, the tab still shows the previous one, whose timers may still
 * write cookies or send requests: those belong to the previous visit. So a visit begins in two steps: its
 * navigation requests (the document, its redirects) are the new visit's from the start, everything else
 * only once the main frame has committed the new document.
 */
import type { Page, Request } from 'playwright-core';

export interface VisitLabel {
  /** The page URL as planned (the start URL or the discovered link), not where it redirected to. */
  url: string;
  /** Position in the phase's page list: the lowest wins when several visits did the same thing. */
  order: number;
}

interface TabState {
  /** The visit whose document the tab shows. */
  current: VisitLabel | undefined;
  /** The visit the tab is navigating to, until its document commits. */
  next: VisitLabel | undefined;
}

export class PageVisits {
  private readonly byTab = new WeakMap<Page, TabState>();
  private latest: VisitLabel | undefined;

  /** A tab starts (or restarts, for the reload after consent) the visit of `url`. */
  start(tab: Page, url: string, order: number): void {
    const label = { url, order };
    let state = this.byTab.get(tab);
    if (!state) {
      state = { current: undefined, next: undefined };
      this.byTab.set(tab, state);
      const committed = (frame: { parentFrame(): unknown }) => {
        if (frame.parentFrame() !== null || !state!.next) return;
        state!.current = state!.next;
        state!.next = undefined;
      };
      tab.on('framenavigated', committed);
    }
    // A tab's first visit has no earlier document to keep apart from.
    if (state.current === undefined) state.current = label;
    else state.next = label;
    if (!this.latest || order >= this.latest.order) this.latest = label;
  }

  /** The visit whose document a tab shows; for events with no tab (service workers), the latest visit started. */
  of(tab: Page | null | undefined): VisitLabel | undefined {
    return (tab ? this.byTab.get(tab)?.current : undefined) ?? this.latest;
  }

  /** The visit of the tab that made a request (or received its response): a main-frame navigation is the visit it leads to. */
  ofRequest(request: Request): VisitLabel | undefined {
    let tab: Page | undefined;
    try {
      tab = request.frame().page();
    } catch {
      tab = undefined; // service-worker requests have no frame
    }
    if (tab && request.isNavigationRequest()) {
      const state = this.byTab.get(tab);
      let main = false;
      try {
        main = request.frame() === tab.mainFrame();
      } catch {
        main = false;
      }
      if (main && state?.next) return state.next;
    }
    return this.of(tab);
  }
}
