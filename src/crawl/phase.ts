/**
 * One consent phase of one site: a fresh browser context, the site's pages visited in order,
 * consent given through the banner when the phase asks for it, and everything captured after.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { captureCookies, captureStorage, compareCookies, compareStorage, FRAME_READ_TIMEOUT_MS, withinTime } from '../evidence/capture.js';
import { RequestRecorder } from '../evidence/requests.js';
import { SetterRecorder } from '../evidence/setters.js';
import type {
  ConsentAttempt,
  CookieObservation,
  PageError,
  PageVisit,
  Phase,
  PhaseEvidence,
  StorageObservation,
} from '../evidence/types.js';
import type { PolicyManifest } from '../policy/types.js';
import { consentPlan, giveConsent } from './consent.js';
import { describeError, isTimeout } from './errors.js';
import { NetworkQuiet } from './quiet.js';

export interface PhaseOptions {
  /** Per-page navigation timeout. */
  timeoutMs: number;
  /** Upper bound on waiting for the network to go quiet after load. */
  idleMs: number;
  includeValues: boolean;
  /** Keep query strings of request URLs in the evidence (they often carry identifiers). */
  keepQueryStrings?: boolean;
  ignoreHttpsErrors: boolean;
  userAgent?: string;
}

export interface PhaseTarget {
  siteDomain: string;
  /** Pages of the site, start page first. */
  pages: string[];
  policy: PolicyManifest;
}

/** What each phase does with the banner. */
const CONSENT_ACTION: Partial<Record<Phase, 'reject' | 'accept'>> = { reject: 'reject', accept: 'accept' };

/** Global Privacy Control as a GPC-enabled browser exposes it. */
const GPC_INIT_SCRIPT = `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });`;

/** The recorders and accumulated observations of one phase's context. */
class PhaseRun {
  readonly pages: PageVisit[] = [];
  readonly errors: PageError[] = [];
  private readonly cookies = new Map<string, CookieObservation>();
  private readonly storage = new Map<string, StorageObservation>();

  constructor(
    readonly phase: Phase,
    readonly target: PhaseTarget,
    readonly options: PhaseOptions,
    readonly setters: SetterRecorder,
    readonly requests: RequestRecorder,
    readonly quiet: NetworkQuiet,
  ) {}

  error(url: string, kind: PageError['kind'], message: string): void {
    this.errors.push({ url, phase: this.phase, kind, message });
  }

  async waitForQuiet(): Promise<void> {
    await this.quiet.wait(this.options.idleMs);
  }

  /**
   * Navigate (or reload) and wait. 'loaded': a document loaded; 'stuck': it did not finish in time (what it
   * set is still captured, but the page may be wedged, so the caller replaces it); 'failed': nothing loaded.
   */
  async load(page: Page, url: string, reload = false): Promise<'loaded' | 'stuck' | 'failed'> {
    this.requests.currentPage = url;
    try {
      const response = reload
        ? await page.reload({ waitUntil: 'load', timeout: this.options.timeoutMs })
        : await page.goto(url, { waitUntil: 'load', timeout: this.options.timeoutMs });
      await this.waitForQuiet();
      const visit: PageVisit = { url, finalUrl: page.url(), ok: true };
      if (response) {
        visit.status = response.status();
        if (response.status() >= 400) this.error(url, 'http-status', `HTTP ${response.status()} ${response.statusText()}`.trim());
      }
      if (!reload) this.pages.push(visit);
      return 'loaded';
    } catch (error) {
      if (isTimeout(error)) {
        // A page that never finishes loading still sets cookies: record the timeout and capture what is there.
        this.error(url, 'timeout', `did not finish loading within ${this.options.timeoutMs} ms`);
        if (!reload) this.pages.push({ url, finalUrl: page.url(), ok: true });
        return 'stuck';
      }
      const cause = describeError(error);
      // "net::ERR_CONNECTION_REFUSED at https://…": the URL is already in the record.
      const message = /download is starting/i.test(cause) ? 'the URL starts a file download; there is no page to audit' : cause.replace(/ at \S+$/, '');
      this.error(url, 'navigation', message);
      if (!reload) this.pages.push({ url, ok: false });
      return 'failed';
    }
  }

  async capture(context: BrowserContext, page: Page, pageUrl: string): Promise<void> {
    try {
      // A round trip through every frame delivers the write reports its scripts sent before it.
      await Promise.all(page.frames().map((frame) => withinTime(frame.evaluate('0'), FRAME_READ_TIMEOUT_MS)));
      await this.setters.settle();
      const options = {
        siteDomain: this.target.siteDomain,
        pageUrl,
        includeValues: this.options.includeValues,
        recorder: this.setters,
      };
      for (const cookie of await captureCookies(context, options)) {
        const key = `${cookie.name}\u0000${cookie.domain}\u0000${cookie.path}`;
        const known = this.cookies.get(key);
        if (!known) this.cookies.set(key, cookie);
        else if (!known.setBy && cookie.setBy) this.cookies.set(key, { ...known, setBy: cookie.setBy });
      }
      for (const entry of await captureStorage(page, options)) {
        const key = `${entry.type}\u0000${entry.origin}\u0000${entry.key}`;
        if (!this.storage.has(key)) this.storage.set(key, entry);
      }
    } catch (error) {
      this.error(pageUrl, 'capture', describeError(error));
    }
  }

  result(status: PhaseEvidence['status'], consent?: ConsentAttempt): PhaseEvidence {
    const evidence: PhaseEvidence = {
      phase: this.phase,
      status,
      pages: this.pages,
      cookies: [...this.cookies.values()].sort(compareCookies),
      storage: [...this.storage.values()].sort(compareStorage),
      requests: this.requests.observations(),
      errors: this.errors,
    };
    if (consent) evidence.consent = consent;
    return evidence;
  }
}

export function skippedPhase(phase: Phase, reason: string): PhaseEvidence {
  return { phase, status: 'skipped', skipReason: reason, pages: [], cookies: [], storage: [], requests: [], errors: [] };
}

function failedPhase(phase: Phase, url: string, message: string): PhaseEvidence {
  return { phase, status: 'failed', pages: [], cookies: [], storage: [], requests: [], errors: [{ url, phase, kind: 'browser', message }] };
}

export async function runPhase(browser: Browser, phase: Phase, target: PhaseTarget, options: PhaseOptions): Promise<PhaseEvidence> {
  const action = CONSENT_ACTION[phase];
  if (action) {
    const plan = consentPlan(target.policy, action);
    if (!plan.ok) return skippedPhase(phase, plan.reason);
  }
  let context: BrowserContext;
  try {
    context = await browser.newContext({
      ignoreHTTPSErrors: options.ignoreHttpsErrors,
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      // Downloads are never followed or saved: nothing is written outside --out.
      acceptDownloads: false,
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(phase === 'gpc' ? { extraHTTPHeaders: { 'Sec-GPC': '1' } } : {}),
    });
  } catch (error) {
    return failedPhase(phase, target.pages[0] ?? '', `could not open a browser context: ${describeError(error)}`);
  }
  const setters = new SetterRecorder();
  const requests = new RequestRecorder(target.siteDomain, options.keepQueryStrings === true);
  const run = new PhaseRun(phase, target, options, setters, requests, new NetworkQuiet(context));
  let consent: ConsentAttempt | undefined;
  try {
    await setters.attach(context);
    requests.attach(context);
    if (phase === 'gpc') await context.addInitScript({ content: GPC_INIT_SCRIPT });
    // Sites that open dialogs (alert, confirm, beforeunload; in popups too) would otherwise block the phase.
    // "Leave page?" is answered yes (or the crawl could never move on); every other dialog is dismissed.
    context.on('page', (opened) =>
      opened.on('dialog', (dialog) => void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()).catch(() => undefined)),
    );
    let page = await context.newPage();
    for (const [index, url] of target.pages.entries()) {
      let loaded = await run.load(page, url);
      if (loaded === 'failed') continue;
      if (loaded === 'loaded' && index === 0 && action) {
        consent = await giveConsent(page, action, target.policy, { timeoutMs: options.timeoutMs, waitForQuiet: () => run.waitForQuiet() });
        if (!consent.succeeded) run.error(page.url(), 'consent', consent.note);
        // Cookies set on the next page view after consent count: reload and capture then.
        else loaded = await run.load(page, url, true);
      }
      await run.capture(context, page, url);
      if (loaded === 'stuck') {
        // What the stuck page set is captured; go on in a fresh tab, since its renderer may never yield again.
        await page.close().catch(() => undefined);
        page = await context.newPage();
      }
    }
  } catch (error) {
    run.error(target.pages[0] ?? '', 'browser', describeError(error));
  } finally {
    await context.close().catch(() => undefined);
  }
  const status = run.pages.some((p) => p.ok) ? 'completed' : 'failed';
  return run.result(status, consent);
}
