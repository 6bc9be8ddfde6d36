/** Every request a phase's pages make, de-duplicated, with the frame that made it and its party. */
import type { BrowserContext, Request } from 'playwright-core';
import { consentModeParams } from './consent-mode-params.js';
import type { PageVisits } from './page-visits.js';
import { partyOf } from './party.js';
import { stripQuery } from './setters.js';
import type { RequestObservation } from './types.js';

export class RequestRecorder {
  private readonly seen = new Map<string, RequestObservation>();
  /** The top-level page being visited: requests are attributed to it when `visits` cannot say. */
  currentPage = '';
  /** Position of each observation's first-seen page in the page list (see PageVisits). */
  private readonly firstSeenOrder = new Map<string, number>();

  constructor(
    private readonly siteDomain: string,
    private readonly keepQuery: boolean,
    /** Which visit each tab is on, when pages are visited several at once. */
    private readonly visits?: PageVisits,
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
    // Google tag requests keep their consent-mode parameters (gcs, gcd) whatever happens to the query: one observation per state.
    const consentMode = consentModeParams(raw);
    const key = `${url}\u0000${method}\u0000${resourceType}${consentMode ? `\u0000${consentMode.gcs ?? ''}\u0000${consentMode.gcd ?? ''}` : ''}`;
    const visit = this.visits?.ofRequest(request);
    const known = this.seen.get(key);
    if (known) {
      known.count += 1;
      // Pages visited at once: the one earliest in the page list is the first-seen page, whatever the timing.
      if (visit && visit.order < (this.firstSeenOrder.get(key) ?? Number.MAX_SAFE_INTEGER)) {
        known.firstSeenPage = visit.url;
        this.firstSeenOrder.set(key, visit.order);
      }
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
      firstSeenPage: visit?.url ?? this.currentPage,
      count: 1,
      ...(consentMode ? { consentMode } : {}),
    });
    if (visit) this.firstSeenOrder.set(key, visit.order);
  }

  observations(): RequestObservation[] {
    return [...this.seen.values()].sort(
      (a, b) =>
        cmp(a.url, b.url) ||
        cmp(a.method, b.method) ||
        cmp(a.resourceType, b.resourceType) ||
        cmp(a.consentMode?.gcs ?? '', b.consentMode?.gcs ?? '') ||
        cmp(a.consentMode?.gcd ?? '', b.consentMode?.gcd ?? ''),
    );
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
