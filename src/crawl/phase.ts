/**
 * One consent phase of one site: a fresh browser context, the site's pages visited in order,
 * consent given through the banner when the phase asks for it, and everything captured after.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { captureCookies, captureStorage, compareCookies, compareStorage } from '../evidence/capture.js';
import { SetterRecorder } from '../evidence/setters.js';
import { NetworkQuiet } from './quiet.js';
import type {
  ConsentAttempt,
  CookieObservation,
  PageError,
  PageVisit,
  Phase,
  PhaseEvidence,
  StorageObservation,
} from '../evidence/types.js';
import type { ConsentStep, PolicyManifest } from '../policy/types.js';

export interface PhaseOptions {
  /** Per-page navigation timeout. */
  timeoutMs: number;
  /** Upper bound on waiting for the network to go quiet after load. */
  idleMs: number;
  includeValues: boolean;
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

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Playwright appends a call log after the first line; the first line is the cause.
  return (message.split('\n')[0] ?? message).replace(/^[a-zA-Z.]+: /, '');
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

class PhaseRun {
  readonly pages: PageVisit[] = [];
  readonly errors: PageError[] = [];
  private readonly cookies = new Map<string, CookieObservation>();
  private readonly storage = new Map<string, StorageObservation>();

  constructor(
    readonly phase: Phase,
    readonly target: PhaseTarget,
    readonly options: PhaseOptions,
    readonly recorder: SetterRecorder,
    readonly quiet: NetworkQuiet,
  ) {}

  error(url: string, kind: PageError['kind'], message: string): void {
    this.errors.push({ url, phase: this.phase, kind, message });
  }

  async waitForQuiet(): Promise<void> {
    await this.quiet.wait(this.options.idleMs);
  }

  /** Navigate (or reload) and wait; returns false when no document was loaded. */
  async load(page: Page, url: string, reload = false): Promise<boolean> {
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
      return true;
    } catch (error) {
      if (isTimeout(error)) {
        // A page that never finishes loading still sets cookies: record the timeout and capture what is there.
        this.error(url, 'timeout', `did not finish loading within ${this.options.timeoutMs} ms`);
        if (!reload) this.pages.push({ url, finalUrl: page.url(), ok: true });
        return true;
      }
      // "net::ERR_CONNECTION_REFUSED at https://…": the URL is already in the record.
      this.error(url, 'navigation', describeError(error).replace(/ at \S+$/, ''));
      if (!reload) this.pages.push({ url, ok: false });
      return false;
    }
  }

  async capture(context: BrowserContext, page: Page, pageUrl: string): Promise<void> {
    try {
      // A round trip through every frame delivers the write reports its scripts sent before it.
      await Promise.all(page.frames().map((frame) => frame.evaluate('0').catch(() => undefined)));
      await this.recorder.settle();
      const options = {
        siteDomain: this.target.siteDomain,
        pageUrl,
        includeValues: this.options.includeValues,
        recorder: this.recorder,
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

  async giveConsent(page: Page, action: 'reject' | 'accept', step: ConsentStep): Promise<ConsentAttempt> {
    const clicks = step.clicks ?? (step.selector !== undefined ? [step.selector] : []);
    const selector = clicks.join(' → ');
    const timeout = Math.min(this.options.timeoutMs, 10_000);
    for (const sel of clicks) {
      try {
        await page.locator(sel).first().click({ timeout });
      } catch (error) {
        const why = isTimeout(error) ? `was not found or not clickable within ${timeout} ms` : `could not be clicked: ${describeError(error)}`;
        const note = `Clicking ${JSON.stringify(sel)} from the manifest's consent.${action} ${why}.`;
        this.error(page.url(), 'consent', note);
        return { action, method: 'selector', selector, succeeded: false, note };
      }
    }
    await this.waitForQuiet();
    return { action, method: 'selector', selector, succeeded: true, note: `Clicked ${selector} (manifest consent.${action}).` };
  }

  result(status: PhaseEvidence['status'], consent?: ConsentAttempt): PhaseEvidence {
    const evidence: PhaseEvidence = {
      phase: this.phase,
      status,
      pages: this.pages,
      cookies: [...this.cookies.values()].sort(compareCookies),
      storage: [...this.storage.values()].sort(compareStorage),
      errors: this.errors,
    };
    if (consent) evidence.consent = consent;
    return evidence;
  }
}

export function skippedPhase(phase: Phase, reason: string): PhaseEvidence {
  return { phase, status: 'skipped', skipReason: reason, pages: [], cookies: [], storage: [], errors: [] };
}

export async function runPhase(browser: Browser, phase: Phase, target: PhaseTarget, options: PhaseOptions): Promise<PhaseEvidence> {
  const action = CONSENT_ACTION[phase];
  const step = action ? target.policy.consent[action] : undefined;
  if (action && !step) {
    return skippedPhase(
      phase,
      `No consent.${action} selector in the manifest, so the banner could not be operated; add consent.${action}: { selector: "…" } to audit this phase.`,
    );
  }
  const recorder = new SetterRecorder();
  let context: BrowserContext;
  try {
    context = await browser.newContext({
      ignoreHTTPSErrors: options.ignoreHttpsErrors,
      viewport: { width: 1280, height: 800 },
      locale: 'en-US',
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(phase === 'gpc' ? { extraHTTPHeaders: { 'Sec-GPC': '1' } } : {}),
    });
  } catch (error) {
    const message = `could not open a browser context: ${describeError(error)}`;
    return { phase, status: 'failed', pages: [], cookies: [], storage: [], errors: [{ url: target.pages[0] ?? '', phase, kind: 'browser', message }] };
  }
  const run = new PhaseRun(phase, target, options, recorder, new NetworkQuiet(context));
  let consent: ConsentAttempt | undefined;
  try {
    await recorder.attach(context);
    if (phase === 'gpc') await context.addInitScript({ content: GPC_INIT_SCRIPT });
    const page = await context.newPage();
    // Sites that open dialogs would otherwise block the phase forever.
    page.on('dialog', (dialog) => void dialog.dismiss().catch(() => undefined));
    for (const [index, url] of target.pages.entries()) {
      if (!(await run.load(page, url))) continue;
      if (index === 0 && action && step) {
        consent = await run.giveConsent(page, action, step);
        // Cookies set on the next page view after consent count: reload and capture then.
        if (consent.succeeded) await run.load(page, url, true);
      }
      await run.capture(context, page, url);
    }
  } catch (error) {
    run.error(target.pages[0] ?? '', 'browser', describeError(error));
  } finally {
    await context.close().catch(() => undefined);
  }
  const status = run.pages.some((p) => p.ok) ? 'completed' : 'failed';
  return run.result(status, consent);
}
