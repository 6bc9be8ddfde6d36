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

  constructor(context: BrowserContext) {
    context.on('request', (request) => {
      this.inflight.add(request);
      this.lastActivity = Date.now();
    });
    const done = (request: Request) => {
      if (this.inflight.delete(request)) this.lastActivity = Date.now();
    };
    context.on('requestfinished', done);
    context.on('requestfailed', done);
    // A request left hanging by a page that was closed would otherwise count as in flight for ever.
    context.on('page', (page) =>
      page.on('close', () => {
        for (const request of this.inflight) if (pageOf(request) === page) this.inflight.delete(request);
      }),
    );
  }

  /** Resolves once nothing was in flight for QUIET_WINDOW_MS, or after maxMs whatever happens. */
  async wait(maxMs: number): Promise<void> {
    const deadline = Date.now() + maxMs;
    for (;;) {
      const now = Date.now();
      if (now >= deadline) return;
      const quietFor = now - this.lastActivity;
      if (this.inflight.size === 0 && quietFor >= QUIET_WINDOW_MS) return;
      const step = this.inflight.size === 0 ? QUIET_WINDOW_MS - quietFor : 50;
      await new Promise((resolve) => setTimeout(resolve, Math.max(10, Math.min(step, deadline - now))));
    }
  }
}
