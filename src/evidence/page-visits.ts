/**
 * Which page visit each tab is on. A phase visits several pages at once in one context, so "the page
 * being visited" is a property of the tab an event came from, not of the context: recorders ask here
 * to attribute a request, a Set-Cookie or a script write to the visit that caused it.
 */
import type { Page, Request } from 'playwright-core';

export interface VisitLabel {
  /** The page URL as planned (the start URL or the discovered link), not where it redirected to. */
  url: string;
  /** Position in the phase's page list: the lowest wins when several visits did the same thing. */
  order: number;
}

export class PageVisits {
  private readonly byTab = new WeakMap<Page, VisitLabel>();
  private latest: VisitLabel | undefined;

  /** A tab starts (or restarts, for the reload after consent) the visit of `url`. */
  start(tab: Page, url: string, order: number): void {
    const label = { url, order };
    this.byTab.set(tab, label);
    if (!this.latest || order >= this.latest.order) this.latest = label;
  }

  /** The visit a tab is on; for events with no tab (service workers), the latest visit started. */
  of(tab: Page | null | undefined): VisitLabel | undefined {
    return (tab ? this.byTab.get(tab) : undefined) ?? this.latest;
  }

  /** The visit of the tab that made a request (or received its response). */
  ofRequest(request: Request): VisitLabel | undefined {
    let tab: Page | undefined;
    try {
      tab = request.frame().page();
    } catch {
      tab = undefined; // service-worker requests have no frame
    }
    return this.of(tab);
  }
}
