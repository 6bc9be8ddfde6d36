/**
 * "The network went quiet": no request of the context in flight for a short window, bounded overall.
 * Playwright's networkidle load state resolves at once when a document already reached it, which is
 * wrong after a consent click (the tags the click loads would be cut off by the reload that follows);
 * this watches the context's requests itself, so it can be awaited at any moment.
 */
import type { BrowserContext, Page, Request } from 'playwright-core';

function pageOf(request: Request): Page | undefined {
  try {
    return request.frame().page();
  } catch {
    return undefined; // service-worker requests belong to no page
  }
}

const QUIET_WINDOW_MS = 500;

export class NetworkQuiet {
  private readonly inflight = new Set<Request>();
  private lastActivity = Date.now();
  /** Nothing more will load once the tab or context is closed (or the browser is gone): stop waiting. */
  private closed = false;

  /**
   * Watching a context covers all its tabs (the consent click may open frames or tabs); watching one tab
   * lets several pages of a phase load at once, each waiting only for its own requests.
   */
  constructor(source: BrowserContext | Page) {
    const context = source as BrowserContext; // both emit the same request events; only contexts emit 'page'
    context.on('request', (request) => {
      this.inflight.add(request);
      this.lastActivity = Date.now();
    });
    const done = (request: Request) => {
      if (this.inflight.delete(request)) this.lastActivity = Date.now();
    };
    context.on('requestfinished', done);
    context.on('requestfailed', done);
    // A fetch() whose body the page never reads (fire-and-forget beacons) does not finish until the page
    // goes away, and an event stream never does: both are settled once their response has arrived (its
    // Set-Cookie with it), or every such page would wait the whole maxMs.
    context.on('response', (response) => {
      const type = response.request().resourceType();
      if (type === 'fetch' || type === 'eventsource') done(response.request());
    });
    // A request left hanging by a page that was closed would otherwise count as in flight for ever.
    const forget = (page: Page) => {
      for (const request of this.inflight) if (pageOf(request) === page) this.inflight.delete(request);
    };
    if ('newPage' in source) source.on('page', (page) => page.on('close', () => forget(page)));
    else source.on('close', () => forget(source));
    (source as Page).on('close', () => (this.closed = true));
  }

  /** How long nothing has been in flight, in ms (0 while a request is): what a gesture set off is still loading. */
  quietFor(): number {
    return this.inflight.size > 0 ? 0 : Date.now() - this.lastActivity;
  }

  /** Resolves once nothing was in flight for QUIET_WINDOW_MS, or after maxMs whatever happens. */
  async wait(maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    for (;;) {
      const now = Date.now();
      if (now >= deadline || this.closed) return;
      const quietFor = now - this.lastActivity;
      if (this.inflight.size === 0 && quietFor >= QUIET_WINDOW_MS) return;
      const step = this.inflight.size === 0 ? QUIET_WINDOW_MS - quietFor : 50;
      await new Promise((resolve) => setTimeout(resolve, Math.max(10, Math.min(step, deadline - now))));
    }
  }
}
