/**
 * One consent phase of one site: a fresh browser context, the site's pages visited (the start page first
 * and alone, then the others several at once), consent given through the banner on the start page when
 * the phase asks for it, and everything captured after each page.
 */
import pLimit from 'p-limit';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import {
  attributeCookie,
  attributeStorage,
  captureCookies,
  captureStorage,
  compareCookies,
  compareStorage,
  FRAME_READ_TIMEOUT_MS,
  PATIENT_READ_MS,
  withinTime,
} from '../evidence/capture.js';
import { visitorScreen } from '../browser/device.js';
import { PageVisits } from '../evidence/page-visits.js';
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
  TrafficRecord,
} from '../evidence/types.js';
import { declaredNeedingConsent } from '../policy/needs-consent.js';
import type { PolicyManifest } from '../policy/types.js';
import { UnresponsivePage } from '../consent/look.js';
import { prepareConsent, prepareLook } from '../consent/operate.js';
import type { BannerScout } from '../consent/scout.js';
import type { BannerSearch } from '../consent/types.js';
import { readConsentSignals, watchConsentSignals } from '../consent/signals/read.js';
import type { ConsentSignals } from '../consent/signals/types.js';
import { CrawlPlan, type DiscoveryOptions } from './discover.js';
import type { PageFeed } from './feed.js';
import { describeError, isTimeout } from '../browser/errors.js';
import type { PhaseCounts } from './events.js';
import { NetworkQuiet } from './quiet.js';
import { readSitemaps } from './sitemap.js';
import { screenshotFileName } from '../consent/screenshot.js';
import { StepTimer } from './step-timer.js';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomically } from '../atomic-file.js';
import { redactHar, trafficFileName, type Har } from '../evidence/har.js';

export interface PhaseOptions {
  /** Per-page navigation timeout. */
  timeoutMs: number;
  /** How long autoconsent looks for a banner once the start page went quiet (--consent-wait); default 5 s. */
  consentWaitMs?: number;
  /** Upper bound on waiting for the network to go quiet after load. */
  idleMs: number;
  includeValues: boolean;
  /** Keep query strings of request URLs in the evidence (they often carry identifiers). */
  keepQueryStrings?: boolean;
  ignoreHttpsErrors: boolean;
  userAgent?: string;
  /** BCP 47 locale of the visitor (navigator.language, Accept-Language); default en-US. */
  locale?: string;
  /** IANA time zone of the visitor; default the machine's. */
  timezoneId?: string;
  /** A Playwright device the visitor uses (--device): its viewport, touch, mobile layout and user agent. */
  device?: string;
  /** Folder for the screenshots of the banner before and after consent (the report folder); none when absent. */
  screenshotDir?: string;
  /** Pages loading at once in the phase's context (after the start page, which loads alone); default 1. */
  pageConcurrency?: number;
  /** Cookies and localStorage every context starts with (Playwright's storage-state file or object): a signed-in visitor. */
  storageState?: BrowserContextOptions['storageState'];
  /** Called after each page with the phase's counts so far. */
  onProgress?: (counts: PhaseCounts) => void;
  /** --evidence: the phase's traffic as HAR 1.2 into this folder (the report folder); absent: none recorded. */
  traffic?: TrafficOptions;
}

export interface TrafficOptions {
  dir: string;
  /** --evidence-bodies: keep response bodies in the record. */
  bodies: boolean;
  /** Values the scan was given to sign in with (storage state, login): never written. */
  credentials: readonly string[];
}

export interface PhaseTarget {
  siteDomain: string;
  /** Pages of the site, start page first. */
  pages: string[];
  policy: PolicyManifest;
  /** Discover more pages while visiting (links, sitemaps), starting from `pages`. */
  discovery?: DiscoveryOptions;
  /** The site's look for its banner: the pre phase makes it, the reject and accept phases read it. */
  scout?: BannerScout;
  /** The discovering phase hands each level it plans to the phases that follow its list (with `discovery`). */
  publish?: PageFeed;
  /**
   * Visit the discovering phase's list as it is planned instead of `pages`, which are then only the start
   * pages, for when that phase plans nothing at all (it could not open its context).
   */
  follow?: PageFeed;
}

/** The longest a phase waits for the consent stage's scripts to come off its context (see visit). */
const SETTLE_SCRIPTS_MS = 5000;

/** What each phase does with the banner. */
const CONSENT_ACTION: Partial<Record<Phase, 'reject' | 'accept'>> = { reject: 'reject', accept: 'accept' };

/** Global Privacy Control as a GPC-enabled browser exposes it. */
const GPC_INIT_SCRIPT = `Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });`;

/** The recorders and accumulated observations of one phase's context. */
class PhaseRun {
  /** Visits by position in the page list (pages load several at once; the list order is the report's). */
  private readonly visitsByIndex: PageVisit[] = [];
  /** Links found on each page, by position, when the phase discovers. */
  readonly links: string[][] = [];
  readonly errors: PageError[] = [];
  /** Pages planned so far (grows while discovering). */
  planned = 0;
  private done = 0;
  private readonly cookies = new Map<string, CookieObservation>();
  private readonly storage = new Map<string, StorageObservation>();
  /** Position of the page each observation was first captured on: the earliest wins, whatever the timing. */
  private readonly capturedAt = new Map<string, number>();
  private readonly tabQuiet = new WeakMap<Page, NetworkQuiet>();
  /** The consent signals read on the start page. */
  signals: ConsentSignals | undefined;
  /** The phase's traffic record, once written. */
  traffic: TrafficRecord | undefined;

  constructor(
    readonly phase: Phase,
    readonly target: PhaseTarget,
    readonly options: PhaseOptions,
    readonly setters: SetterRecorder,
    readonly requests: RequestRecorder,
    /** The whole context's network: what the consent click starts may run in any frame or tab. */
    readonly quiet: NetworkQuiet,
    readonly visits: PageVisits,
    /** Where the phase's time goes (report.json's timings). */
    readonly timer: StepTimer,
  ) {}

  get pages(): PageVisit[] {
    return this.visitsByIndex.filter((visit) => visit !== undefined);
  }

  error(url: string, kind: PageError['kind'], message: string): void {
    this.errors.push({ url, phase: this.phase, kind, message });
  }

  async waitForQuiet(): Promise<void> {
    await this.quiet.wait(this.options.idleMs);
  }

  /** One tab's own requests: other pages loading at the same time do not keep it waiting. */
  private async waitForTabQuiet(page: Page): Promise<void> {
    let quiet = this.tabQuiet.get(page);
    if (!quiet) this.tabQuiet.set(page, (quiet = new NetworkQuiet(page)));
    await quiet.wait(this.options.idleMs);
  }

  /** Call before the first load of a tab, so its requests are watched from the start. */
  watch(page: Page): void {
    if (this.tabQuiet.has(page)) return;
    this.tabQuiet.set(page, new NetworkQuiet(page));
    // A renderer that dies (out of memory, or ended) takes the rest of the page's visit with it: said, never
    // taken for a page that set nothing more.
    page.on('crash', () => {
      this.crashed.add(page);
      this.stalled.add(page);
      this.error(page.url(), 'browser', "the page crashed (its renderer ran out of memory or was ended): what it set until then is captured, what it would have done after is not");
    });
  }

  /** Tabs whose renderer crashed: not reused, and their look's failure is not said twice. */
  readonly crashed = new WeakSet<Page>();
  /**
   * Tabs whose page is known not to answer (it did not finish loading, crashed, or stopped answering the look):
   * their error already says what is missing, so the capture reads them briefly and adds nothing.
   */
  private readonly stalled = new WeakSet<Page>();

  /** The look could not be made on this page (src/consent/look.ts): an error, unless its crash already is one. */
  lookFailed(page: Page, error: unknown): undefined {
    if (!(error instanceof UnresponsivePage)) throw error;
    this.stalled.add(page);
    if (!this.crashed.has(page)) this.error(page.isClosed() ? this.requests.currentPage : page.url(), 'browser', error.message);
    return undefined;
  }

  pageDone(): void {
    this.done += 1;
    this.options.onProgress?.({ pagesDone: this.done, pagesTotal: Math.max(this.planned, this.done), cookies: this.cookies.size });
  }

  visitAt(index: number): PageVisit | undefined {
    return this.visitsByIndex[index];
  }

  /**
   * Navigate (or reload) and wait. 'loaded': a document loaded; 'stuck': it did not finish in time (what it
   * set is still captured, but the page may be wedged, so the caller replaces it); 'failed': nothing loaded.
   */
  async load(page: Page, url: string, index: number, reload = false): Promise<'loaded' | 'stuck' | 'failed'> {
    this.requests.currentPage = url;
    this.stalled.delete(page);
    this.visits.start(page, url, index);
    this.watch(page);
    // The reload after consent is one step, its wait for quiet included.
    let step = this.timer.begin(reload ? 'reload' : 'load');
    try {
      const response = reload
        ? await page.reload({ waitUntil: 'load', timeout: this.options.timeoutMs })
        : await page.goto(url, { waitUntil: 'load', timeout: this.options.timeoutMs });
      if (!reload) {
        step();
        step = this.timer.begin('quiet');
      }
      await this.waitForTabQuiet(page);
      const visit: PageVisit = { url, finalUrl: page.url(), ok: true };
      if (response) {
        visit.status = response.status();
        if (response.status() >= 400) this.error(url, 'http-status', `HTTP ${response.status()} ${response.statusText()}`.trim());
      }
      if (!reload) this.visitsByIndex[index] = visit;
      return 'loaded';
    } catch (error) {
      if (isTimeout(error)) {
        // A page that never finishes loading still sets cookies: record the timeout and capture what is there.
        this.error(url, 'timeout', `did not finish loading within ${this.options.timeoutMs} ms`);
        this.stalled.add(page);
        if (!reload) this.visitsByIndex[index] = { url, finalUrl: page.url(), ok: true };
        return 'stuck';
      }
      const cause = describeError(error);
      const notAPage = notAPageReason(cause);
      // "net::ERR_CONNECTION_REFUSED at https://…": the URL is already in the record.
      this.error(url, notAPage ? 'not-a-page' : 'navigation', notAPage ?? cause.replace(/ at \S+$/, ''));
      if (!reload) this.visitsByIndex[index] = { url, ok: false };
      return 'failed';
    } finally {
      step();
    }
  }

  /** The links of the loaded page (for discovery): href attributes with the base they resolve against. */
  async readLinks(page: Page, index: number): Promise<void> {
    const done = this.timer.begin('links');
    const stalled = this.stalled.has(page);
    let failed = false;
    const found = await withinTime(
      page
        .mainFrame()
        .evaluate(() => {
          const hrefs: string[] = [];
          for (const a of Array.from(document.querySelectorAll('a[href], area[href]'))) {
            // <a download> saves a file; it is not a page.
            if (!a.hasAttribute('download')) hrefs.push(a.getAttribute('href') ?? '');
            if (hrefs.length >= 5000) break;
          }
          return { base: document.baseURI, hrefs };
        })
        .catch(() => {
          // The page went on to another document: nothing of this one is left to read.
          failed = true;
          return undefined;
        }),
      // A missed read would leave the pages linked only from here undiscovered, without a word.
      stalled ? FRAME_READ_TIMEOUT_MS : PATIENT_READ_MS,
    );
    done();
    if (!found) {
      if (!failed && !stalled && !page.isClosed()) this.error(page.url(), 'unanswered', `the links of this page were not read: it did not answer within ${PATIENT_READ_MS / 1000} s (pages linked only from it were not crawled)`);
      return;
    }
    const links: string[] = [];
    for (const href of found.hrefs) {
      try {
        links.push(new URL(href.trim(), found.base).href);
      } catch {
        // not a URL: nothing to follow
      }
    }
    this.links[index] = links;
  }

  async capture(context: BrowserContext, page: Page, pageUrl: string, index = 0): Promise<void> {
    const done = this.timer.begin('capture');
    const stalled = this.stalled.has(page);
    try {
      // Who wrote what is settled once, when the phase ends (result() attributes from every write recorded):
      // no round trip through the page's frames is needed here to wait for their write reports.
      const options = {
        siteDomain: this.target.siteDomain,
        pageUrl,
        includeValues: this.options.includeValues,
        recorder: this.setters,
      };
      // The context's cookies and every frame's storage are read at once: one round trip's wait, not several.
      const [cookies, storage] = await Promise.all([captureCookies(context, options), captureStorage(page, options, stalled ? FRAME_READ_TIMEOUT_MS : PATIENT_READ_MS)]);
      for (const cookie of cookies) {
        this.keep(this.cookies, `c\u0000${cookie.name}\u0000${cookie.domain}\u0000${cookie.path}`, cookie, index);
      }
      for (const entry of storage.entries) {
        this.keep(this.storage, `s\u0000${entry.type}\u0000${entry.origin}\u0000${entry.key}`, entry, index);
      }
      for (const frame of stalled ? [] : storage.unanswered) {
        this.error(pageUrl, 'unanswered', `the storage of the frame ${frame} was not read: it did not answer within ${PATIENT_READ_MS / 1000} s (what it stores is not in this report)`);
      }
    } catch (error) {
      this.error(pageUrl, 'capture', describeError(error));
    } finally {
      done();
    }
  }

  /**
   * The first capture of an item is kept; with pages captured at once, "first" is the earliest page in the
   * list, not the earliest in time, so the same site gives the same evidence.
   */
  private keep<T>(map: Map<string, T>, key: string, item: T, index: number): void {
    const at = this.capturedAt.get(key);
    if (at !== undefined && at <= index) return;
    map.set(key, item);
    this.capturedAt.set(key, index);
  }

  /** Errors in page-list order (pages ran at once, so they arrived in any order). */
  private orderedErrors(): PageError[] {
    const position = new Map<string, number>();
    this.visitsByIndex.forEach((visit, index) => {
      if (!position.has(visit.url)) position.set(visit.url, index);
      if (visit.finalUrl && !position.has(visit.finalUrl)) position.set(visit.finalUrl, index);
    });
    const rank = (error: PageError) => position.get(error.url) ?? Number.MAX_SAFE_INTEGER;
    return this.errors.map((error, i) => ({ error, i })).sort((a, b) => rank(a.error) - rank(b.error) || a.i - b.i).map(({ error }) => error);
  }

  result(status: PhaseEvidence['status'], consent?: ConsentAttempt, bannerSearch?: BannerSearch): PhaseEvidence {
    // Attribution from every write recorded in the phase: who wrote each item, and on which page.
    const evidence: PhaseEvidence = {
      phase: this.phase,
      status,
      pages: this.pages,
      cookies: [...this.cookies.values()].map((c) => attributeCookie(c, this.setters)).sort(compareCookies),
      storage: [...this.storage.values()].map((e) => attributeStorage(e, this.setters)).sort(compareStorage),
      requests: this.requests.observations(),
      errors: this.orderedErrors(),
    };
    if (consent) evidence.consent = consent;
    if (bannerSearch) evidence.bannerSearch = bannerSearch;
    if (this.signals) evidence.signals = this.signals;
    evidence.timings = this.timer.timings();
    if (this.traffic) evidence.traffic = this.traffic;
    return evidence;
  }
}

/** Enough declarations for a person to recognise the policy; the manifest has the rest. */
const LISTED = 6;

/**
 * Why a consent attempt that did not succeed leaves the phase without the visitor's answer, or undefined when
 * it is evidence for the rules only: no banner on a site whose manifest says it has none by design (or whose
 * policy declares nothing that needs consent), where no-consent-banner judges what the site set.
 */
export function unansweredConsent(consent: ConsentAttempt, policy: PolicyManifest): string | undefined {
  if (consent.method !== 'none' || consent.bannerSeen === true) return consent.note;
  if (policy.consent.banner === 'none') return undefined;
  const needed = declaredNeedingConsent(policy);
  if (needed.length === 0) return undefined;
  const listed = needed.length <= LISTED ? needed.join(', ') : `${needed.slice(0, LISTED).join(', ')} and ${needed.length - LISTED} more`;
  const verb = consent.action === 'reject' ? 'refuse' : 'give';
  const looked = (consent.tried ?? []).filter((line) => !line.startsWith('manifest:')).join('; ');
  return (
    `no consent banner was found to ${verb} consent on, yet the policy declares what needs consent (${listed}): what the site does after the visitor's choice was not audited. ` +
    `Looked for: ${looked || consent.note}. If the site has a banner, name its button in consent.${consent.action}: { selector: "…" }; if it has none by design, say consent: { banner: none } in the manifest.`
  );
}

/** Why a URL that failed to load has no page behind it (a download, a redirect to file:), or undefined. */
function notAPageReason(cause: string): string | undefined {
  if (/download is starting/i.test(cause)) return 'the URL starts a file download; there is no page to audit';
  // Chromium refuses redirects from the web to file:, data: and other local schemes.
  if (/ERR_UNSAFE_REDIRECT/.test(cause)) return 'the URL redirects to an address no web page may open (such as a file: URL); nothing was opened, there is no page to audit';
  return undefined;
}

export function skippedPhase(phase: Phase, reason: string): PhaseEvidence {
  return { phase, status: 'skipped', skipReason: reason, pages: [], cookies: [], storage: [], requests: [], errors: [] };
}

function failedPhase(phase: Phase, url: string, message: string): PhaseEvidence {
  return { phase, status: 'failed', pages: [], cookies: [], storage: [], requests: [], errors: [{ url, phase, kind: 'browser', message }] };
}

export async function runPhase(browser: Browser, phase: Phase, target: PhaseTarget, options: PhaseOptions): Promise<PhaseEvidence> {
  const action = CONSENT_ACTION[phase];
  const timer = new StepTimer();
  const contextStarted = timer.begin('context');
  let context: BrowserContext;
  let contextOptions: BrowserContextOptions;
  let rawHar: string | undefined;
  try {
    contextOptions = {
      ignoreHTTPSErrors: options.ignoreHttpsErrors,
      ...visitorScreen(options),
      locale: options.locale ?? 'en-US',
      ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
      // Downloads are never followed or saved: nothing is written outside --out.
      acceptDownloads: false,
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(phase === 'gpc' ? { extraHTTPHeaders: { 'Sec-GPC': '1' } } : {}),
      ...(options.storageState !== undefined ? { storageState: options.storageState } : {}),
    };
    if (options.traffic) {
      rawHar = join(await mkdtemp(join(tmpdir(), 'cookie-audit-har-')), 'raw.har');
      // Outside --out: the raw record holds every secret; only the redacted one goes beside the reports.
      contextOptions = { ...contextOptions, recordHar: { path: rawHar, content: options.traffic.bodies ? 'embed' : 'omit', mode: 'full' } };
    }
    context = await browser.newContext(contextOptions);
  } catch (error) {
    if (rawHar) await rm(dirname(rawHar), { recursive: true, force: true });
    return failedPhase(phase, target.pages[0] ?? '', `could not open a browser context: ${describeError(error)}`);
  }
  const visits = new PageVisits();
  const setters = new SetterRecorder(visits);
  const requests = new RequestRecorder(target.siteDomain, options.keepQueryStrings === true, visits);
  const run = new PhaseRun(phase, target, options, setters, requests, new NetworkQuiet(context), visits, timer);
  const plan = target.discovery && target.pages.length > 0 ? new CrawlPlan(target.pages, target.discovery) : undefined;
  // Sitemaps are read while the start page loads, in a context of their own (same settings, no evidence).
  const sitemap = plan && target.discovery ? sitemapUrls(browser, contextOptions, target.pages[0]!, target.discovery, options.timeoutMs, timer) : Promise.resolve([]);
  let consent: ConsentAttempt | undefined;
  let bannerSearch: BannerSearch | undefined;
  /** The consent stage's scripts coming off the context, once asked (see visit), and whether that is done. */
  let scriptsOff: Promise<void> | undefined;
  let scriptsOffDone = false;
  let takeScriptsOff: (() => Promise<void>) | undefined;
  try {
    await setters.attach(context);
    requests.attach(context);
    if (phase === 'gpc') await context.addInitScript({ content: GPC_INIT_SCRIPT });
    await watchConsentSignals(context);
    // Before any page opens: autoconsent's content script must be there before the banner's library.
    const consentWait = options.consentWaitMs === undefined ? {} : { consentWaitMs: options.consentWaitMs };
    const consentDriver = action
      ? await prepareConsent(context, action, target.policy, { ...consentWait, timeoutMs: options.timeoutMs, ...(target.scout ? { scout: target.scout } : {}) })
      : undefined;
    if (consentDriver) {
      takeScriptsOff = () =>
        (scriptsOff ??= consentDriver.settled().finally(() => {
          scriptsOffDone = true;
        }));
    }
    // The pre phase looks for the banner (clicking nothing) for the consent phases running beside it.
    const looker = phase === 'pre' && target.scout ? await prepareLook(context, options.consentWaitMs, target.scout) : undefined;
    contextStarted();
    const screenshotDir = options.screenshotDir;
    const startUrl = target.pages[0] ?? '';
    // Sites that open dialogs (alert, confirm, beforeunload; in popups too) would otherwise block the phase.
    // "Leave page?" is answered yes (or the crawl could never move on); every other dialog is dismissed.
    context.on('page', (opened) =>
      opened.on('dialog', (dialog) => void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()).catch(() => undefined)),
    );
    const tabs = new Tabs(context);
    let started = 0;
    const visit = async (index: number, url: string): Promise<void> => {
      const taken = timer.begin('tabs');
      const page = await tabs.take();
      taken();
      started += 1;
      // Without discovery the page list is known: the last tab is left as it is for the context to close (after
      // every Set-Cookie seen is read), not unloaded for a reuse that will not come.
      const more = plan !== undefined || started < target.pages.length || (target.follow?.hasMoreThan(started) ?? false);
      let loaded: 'loaded' | 'stuck' | 'failed' = 'failed';
      try {
        loaded = await run.load(page, url, index);
        if (loaded === 'failed') return;
        if (loaded === 'loaded' && index === 0 && consentDriver) {
          const operated = timer.begin('consent');
          const given = await consentDriver.give(page, {
            timeoutMs: options.timeoutMs,
            waitForQuiet: () => run.waitForQuiet(),
            networkQuietFor: () => run.quiet.quietFor(),
            ...(screenshotDir === undefined
              ? {}
              : {
                  screenshots: {
                    dir: screenshotDir,
                    fileName: (moment) => screenshotFileName(startUrl, phase, moment),
                    spent: (ms) => timer.add('screenshots', ms, 'consent'),
                  },
                }),
          }).catch((error: unknown) => run.lookFailed(page, error));
          operated();
          consent = given;
          // A banner that offers no refusal is evidence for the rules, not a page error; a banner that was there
          // and could not be operated, or none found where the policy declares what needs consent, leaves the
          // phase without the visitor's answer (src/report/build.ts: the audit is incomplete). A page that
          // stopped answering is an error of its own (lookFailed).
          if (given && !given.succeeded && given.refusal !== 'impossible') {
            const unanswered = unansweredConsent(given, target.policy);
            if (unanswered !== undefined) run.error(page.url(), 'consent', unanswered);
          } else if (given?.succeeded) {
            // Cookies set on the next page view after consent count: reload and capture then.
            consentDriver.reloading?.();
            loaded = await run.load(page, url, index, true);
            const checked = timer.begin('consent');
            if (loaded === 'loaded') consent = (await consentDriver.checkAfterReload(page, given).catch((error: unknown) => run.lookFailed(page, error))) ?? given;
            checked();
          }
        }
        // The pages after the start page load without the consent stage's scripts: it is done with them (and
        // with no page after it, nothing waits for that). Taking a script off a tab whose navigation has not
        // committed waits for that navigation (a start page whose server never answered within --timeout held
        // each consent phase for as long again): the phase goes on after a while, its later documents at worst
        // still getting the retired scripts, which do nothing.
        if (index === 0 && consentDriver) {
          const settling = takeScriptsOff?.();
          if (more && settling) await withinTime(settling, SETTLE_SCRIPTS_MS);
        }
        if (loaded === 'loaded' && index === 0 && looker) {
          const looked = timer.begin('look');
          bannerSearch = await looker.look(page, () => run.quiet.quietFor()).catch((error: unknown) => run.lookFailed(page, error));
          target.scout?.report(bannerSearch);
          // What the look's wait and gestures set off (a tag that fires late, one loaded on the first interaction)
          // is captured once its requests are done.
          await run.waitForQuiet();
          looked();
        }
        // The start page's consent signals are read beside its capture: both only read what the page holds now.
        const signals =
          index === 0 && loaded === 'loaded'
            ? (async () => {
                const read = timer.begin('signals');
                run.signals = await readConsentSignals(context, page, url);
                read();
              })()
            : undefined;
        await Promise.all([run.capture(context, page, url, index), signals]);
        if (plan && loaded === 'loaded') await run.readLinks(page, index);
      } finally {
        // What a stuck page set is captured; later pages get a fresh tab, since its renderer may never yield again.
        // A start page the pre phase could not look at leaves the consent phases beside it waiting for nothing.
        if (index === 0 && looker) target.scout?.report(undefined);
        const given = timer.begin('tabs');
        if (more || loaded === 'stuck') tabs.give(page, loaded !== 'stuck' && !run.crashed.has(page));
        given();
        run.pageDone();
      }
    };
    const limit = pLimit(Math.max(1, options.pageConcurrency ?? 1));
    /**
     * Starts a level's visits: the start page first and alone (consent is given there before any other page
     * may load), then the others `limit` at a time, whose visits it returns.
     */
    const startLevel = async (level: readonly string[]): Promise<Promise<void>[]> => {
      const offset = run.planned;
      run.planned += level.length;
      const jobs = level.map((url, i) => ({ index: offset + i, url }));
      const first = offset === 0 ? jobs.shift() : undefined;
      if (first) await visit(first.index, first.url);
      return jobs.map((job) => limit(() => visit(job.index, job.url)));
    };
    // A following phase visits each level as soon as the discovering phase has planned it: its pages go on
    // loading while the next level is planned.
    const follow = async (feed: PageFeed): Promise<void> => {
      const visiting: Promise<void>[] = [];
      let failure: { error: unknown } | undefined;
      let level = await feed.next(0);
      if (level.length === 0) level = [...target.pages];
      while (level.length > 0) {
        // Held until every visit is over, as a level's visits are: the context is not closed under them.
        for (const visited of await startLevel(level)) visiting.push(visited.catch((error: unknown) => void (failure ??= { error })));
        level = await feed.next(run.planned);
      }
      await Promise.all(visiting);
      if (failure) throw failure.error;
    };
    if (target.follow) {
      await follow(target.follow);
    } else {
      let level = plan ? plan.firstLevel() : [...target.pages];
      target.publish?.add(level);
      while (level.length > 0) {
        const offset = run.planned;
        await Promise.all(await startLevel(level));
        if (!plan) break;
        const visited = level.map((url, i) => {
          const done = run.visitAt(offset + i);
          return { url, links: run.links[offset + i] ?? [], ...(done?.finalUrl ? { finalUrl: done.finalUrl } : {}) };
        });
        // A site whose start pages did not load has no sitemap worth waiting for.
        const fromSitemaps = offset === 0 && run.pages.some((p) => p.ok) ? await sitemap : [];
        level = plan.nextLevel(visited, fromSitemaps);
        target.publish?.add(level);
      }
    }
    // Every Set-Cookie header seen is read before the context goes away.
    const settled = timer.begin('settle');
    await setters.settle();
    settled();
  } catch (error) {
    run.error(target.pages[0] ?? '', 'browser', describeError(error));
  } finally {
    // The consent phases never wait on a look that will not come.
    if (phase === 'pre') target.scout?.report(undefined);
    // The jar's values, wherever else they travel (a query string, a body), are redacted in the record too:
    // read however busy the machine is (a jar missed here would leave them in it).
    const jar = rawHar ? ((await withinTime(context.cookies(), PATIENT_READ_MS)) ?? []).map((c) => c.value) : [];
    const closed = timer.begin('close');
    // (Asked here too when the start page never got that far: a consent script may be going on all the same.)
    const settling = takeScriptsOff?.();
    if (settling && !scriptsOffDone) {
      // A script going on or off the context waits on every frame of its pages; one whose script never yields
      // holds it until its page goes. The pages close first, then that call ends: closing the context with it
      // still open crashes Playwright's client ("Cannot find parent object"), and the whole run with it.
      await Promise.all(context.pages().map((open) => withinTime(open.close(), SETTLE_SCRIPTS_MS)));
      await withinTime(settling, SETTLE_SCRIPTS_MS);
    }
    // Playwright writes the HAR as the context closes.
    await context.close().catch(() => undefined);
    closed();
    if (rawHar && options.traffic) {
      const written = timer.begin('traffic');
      try {
        run.traffic = await writeTrafficRecord(rawHar, target.pages[0] ?? '', phase, options.traffic, jar, options.includeValues);
      } catch (error) {
        run.error(target.pages[0] ?? '', 'capture', `the traffic record could not be written: ${describeError(error)}`);
      } finally {
        await rm(dirname(rawHar), { recursive: true, force: true });
        written();
      }
    }
  }
  const status = run.pages.some((p) => p.ok) ? 'completed' : 'failed';
  return run.result(status, consent, bannerSearch);
}

/** Reads Playwright's raw HAR, takes the secrets out (evidence/har.ts) and writes it beside the reports. */
async function writeTrafficRecord(
  rawHar: string,
  startUrl: string,
  phase: Phase,
  traffic: TrafficOptions,
  jar: string[],
  includeValues: boolean,
): Promise<TrafficRecord> {
  const har = JSON.parse(await readFile(rawHar, 'utf8')) as Har;
  const redacted = redactHar(har, { cookieValues: jar, credentials: traffic.credentials, includeValues });
  const file = trafficFileName(startUrl, phase);
  await writeFileAtomically(join(traffic.dir, file), `${JSON.stringify(redacted, null, 2)}\n`);
  return { file, entries: redacted.log.entries.length, bodies: traffic.bodies };
}

/**
 * Pages a tab visits before it is replaced. Playwright keeps every request, response and frame object of a
 * tab until the tab closes: without a fresh tab now and then, memory grows with every page of a long crawl.
 */
const VISITS_PER_TAB = 20;

/** Tabs of a phase's context, reused from page to page (as a visitor's tab would be), never shared at once. */
class Tabs {
  private readonly idle: Page[] = [];
  private readonly visits = new WeakMap<Page, number>();

  constructor(private readonly context: BrowserContext) {}

  async take(): Promise<Page> {
    const page = this.idle.pop() ?? (await this.context.newPage());
    this.visits.set(page, (this.visits.get(page) ?? 0) + 1);
    return page;
  }

  /**
   * A tab goes back to the pool as it is: its next visit navigates it straight to the next page, which
   * unloads this one (its timers end with it; what it does until then is still its own visit's, see
   * src/evidence/page-visits.ts). A blank page in between cost a navigation per page. sessionStorage
   * survives (it belongs to the tab), as for a visitor.
   */
  give(page: Page, reusable: boolean): void {
    if (reusable && !page.isClosed() && (this.visits.get(page) ?? 0) < VISITS_PER_TAB) {
      this.idle.push(page);
      return;
    }
    void page.close().catch(() => undefined);
  }
}

/** URLs the site's sitemaps list; nothing when they cannot be read in time. */
async function sitemapUrls(
  browser: Browser,
  options: BrowserContextOptions,
  startUrl: string,
  discovery: DiscoveryOptions,
  timeoutMs: number,
  timer: StepTimer,
): Promise<string[]> {
  if (!discovery.sitemaps || discovery.maxDepth < 1) return [];
  const done = timer.begin('sitemaps');
  const perDocument = Math.min(timeoutMs, 10_000);
  let context: BrowserContext | undefined;
  const read = async () => {
    context = await browser.newContext(options);
    return (await readSitemaps(context, startUrl, { maxUrls: Math.max(100, discovery.maxPages * 10), maxDocuments: 10, timeoutMs: perDocument })).urls;
  };
  try {
    // Sitemaps are a bonus: however they misbehave, the crawl goes on with the links it has.
    return (await withinTime(read(), 3 * perDocument)) ?? [];
  } finally {
    done();
    const opened: BrowserContext | undefined = context;
    if (opened) void withinTime(opened.close(), perDocument);
  }
}
