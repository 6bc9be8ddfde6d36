/** Every request a phase's pages make, de-duplicated, with the frame that made it and its party. */
import type { BrowserContext, Request } from 'playwright-core';
import { partyOf } from './party.js';
import { stripQuery } from './setters.js';
import type { RequestObservation } from './types.js';

export class RequestRecorder {
  private readonly seen = new Map<string, RequestObservation>();
  /** The top-level page being visited: requests are attributed to it. */
  currentPage = '';

  constructor(
    private readonly siteDomain: string,
    private readonly keepQuery: boolean,
  ) {}

  attach(context: BrowserContext): void {
    context.on('request', (request) => this.record(request));
  }

  private record(request: Request): void {
    const raw = request.url();
    if (!raw.startsWith('http:') && !raw.startsWith('https:')) return; // data:, blob:, about:
    const url = this.keepQuery ? raw.replace(/#.*$/, '') : stripQuery(raw);
    const method = request.method();
    const resourceType = request.resourceType();
    const key = `${url}\u0000${method}\u0000${resourceType}`;
    const known = this.seen.get(key);
    if (known) {
      known.count += 1;
      return;
    }
    let frameUrl = '';
    try {
      frameUrl = stripQuery(request.frame().url());
    } catch {
      frameUrl = ''; // service-worker requests have no frame
    }
    this.seen.set(key, {
      url,
      method,
      resourceType,
      frameUrl,
      party: partyOf(new URL(raw).hostname, this.siteDomain),
      firstSeenPage: this.currentPage,
      count: 1,
    });
  }

  observations(): RequestObservation[] {
    return [...this.seen.values()].sort(
      (a, b) => cmp(a.url, b.url) || cmp(a.method, b.method) || cmp(a.resourceType, b.resourceType),
    );
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
