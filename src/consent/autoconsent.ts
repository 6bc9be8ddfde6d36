/**
 * DuckDuckGo's autoconsent (npm @duckduckgo/autoconsent, MPL-2.0, used unmodified) driven from Playwright
 * the way its own Playwright harness embeds it: its content script runs on every document of the context
 * (an init script, so it is there before the banner's library) and talks to us through a binding,
 * `autoconsentSendMessage`; we answer through `autoconsentReceiveMessage` in the same frame.
 *
 * We answer its `init` with a detection-only configuration (autoAction null): it reports the consent
 * platform it recognises and the banner it sees, and clicks nothing until told. That lets the phase take
 * a screenshot of the banner before the click, choose opt-out or opt-in, and run the platform's self-test.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BrowserContext, Disposable, Frame, Page } from 'playwright-core';
import { describeError } from '../browser/errors.js';
import { FRAME_READ_TIMEOUT_MS, withinTime } from '../evidence/capture.js';
import { withNativeTimers } from './watch.js';

export type AutoconsentAction = 'optOut' | 'optIn';

/** How long the banner may take to appear once the page loaded and the network went quiet (--consent-wait). */
export const DETECT_MS = 5000;
/** After a platform is recognised, how long its banner may take to open (autoconsent itself polls 5 s). */
const POPUP_MS = 6000;
/** A platform's opt-out can take several steps, each waiting up to 10 s for its element. */
const OPERATE_MS = 25_000;
const SELF_TEST_MS = 5000;
/**
 * The longest a lazy session waits for its content script to go on the context: that waits on every frame of
 * the context's pages, and a frame whose script never yields never answers (the page's other frames get the
 * script directly).
 */
const ATTACH_MS = 5000;
/**
 * After the reload that follows consent, a returning banner has this long since the choice was made (the
 * reload and its network quiet usually use it up) and at least RECHECK_MIN_MS more: autoconsent looks for
 * the banner when the reloaded page is idle, and again every 500 ms.
 */
const RECHECK_MS = 1500;
const RECHECK_MIN_MS = 500;
/**
 * Once autoconsent's detection on the reloaded page has looked long enough, how long a returning banner still
 * has to be reported: the pass under way, and the check of the popup it makes at once on recognising one.
 */
const RETURN_GRACE_MS = 300;
/** autoconsent's lifecycle states that say a document's first detection is over. */
const DETECTION_DONE = new Set(['cmpDetected', 'nothingDetected', 'openPopupDetected']);

/** One declarative autoconsent rule, as far as choosing the rules for a frame needs it. */
interface RuleJson {
  name: string;
  cosmetic?: boolean;
  runContext?: { main?: boolean; frame?: boolean; urlPattern?: string };
}

interface Bundle {
  /** dist/autoconsent.playwright.js: the content script of autoconsent's own Playwright harness. */
  script: string;
  /** rules/rules.json: every declarative rule, with the opt-in steps the compact rule set leaves out. */
  rules: RuleJson[];
  version: string;
}

let bundle: Bundle | undefined;

/** Read once per process from the installed package (its exports map hides dist/, so go through rules/). */
function autoconsentBundle(): Bundle {
  if (bundle) return bundle;
  const require = createRequire(import.meta.url);
  const rulesPath = require.resolve('@duckduckgo/autoconsent/rules/rules.json');
  const root = dirname(dirname(rulesPath));
  const parsed = JSON.parse(readFileSync(rulesPath, 'utf8')) as { autoconsent: RuleJson[] };
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  bundle = { script: readFileSync(join(root, 'dist', 'autoconsent.playwright.js'), 'utf8'), rules: parsed.autoconsent, version };
  return bundle;
}

export function autoconsentVersion(): string {
  return autoconsentBundle().version;
}

/** The rules that can apply in a frame: right frame kind, and a site-specific pattern only where it matches. */
export function rulesForFrame(rules: readonly RuleJson[], url: string, mainFrame: boolean, cosmetic: boolean): RuleJson[] {
  return rules.filter((rule) => {
    if (rule.cosmetic && !cosmetic) return false;
    const context = rule.runContext ?? {};
    if (mainFrame ? context.main === false : context.frame !== true) return false;
    if (!context.urlPattern) return true;
    return urlPattern(context.urlPattern)?.test(url) ?? false;
  });
}

/** A rule's urlPattern compiled once (null when it does not compile: the rule then applies nowhere). */
const patterns = new Map<string, RegExp | null>();
function urlPattern(source: string): RegExp | null {
  let pattern = patterns.get(source);
  if (pattern === undefined) {
    try {
      pattern = new RegExp(source);
    } catch {
      pattern = null;
    }
    patterns.set(source, pattern);
  }
  return pattern;
}

/** What autoconsent told us, one event per message that matters. */
export interface AutoconsentEvent {
  /** `detectionDone`: a document's first detection is over (from autoconsent's state reports). */
  type: 'cmpDetected' | 'popupFound' | 'optOutResult' | 'optInResult' | 'selfTestResult' | 'autoconsentDone' | 'autoconsentError' | 'detectionDone';
  /** The rule (platform) name; '' for errors. */
  cmp: string;
  result?: boolean;
  scheduleSelfTest?: boolean;
  frame: Frame;
  mainFrame: boolean;
  /** Order of arrival within the session. */
  seq: number;
}

const EVENT_TYPES = new Set<string>(['cmpDetected', 'popupFound', 'optOutResult', 'optInResult', 'selfTestResult', 'autoconsentDone', 'autoconsentError']);

/** The result of one attempt to operate the banner. Plain data; consent.ts turns it into evidence. */
export interface AutoconsentOutcome {
  /** The platform that was operated, else the first one recognised, else null. */
  platform: string | null;
  /** The banner was found open and autoconsent was told to act on it. */
  operated: boolean;
  /** What the platform rule reported (absent when it never answered). */
  result?: boolean;
  /** Outcome of the rule's self-test of the stored choice (opt-out only, where the rule has one). */
  selfTest?: boolean;
  /** The frame navigated away after the click before the rule could answer (platforms that reload on a choice). */
  navigated?: boolean;
  /** Each step, in words. */
  tried: string[];
}

export interface OperateHooks {
  /** Runs once the banner is open, before anything is clicked (the "before" screenshot). */
  beforeClick(): Promise<void>;
  /** Runs after the rule finished (wait for the tags it loads; the "after" screenshot). */
  afterClick(): Promise<void>;
}

/** autoconsent's configuration: detection only; `web` false switches it off in that document. */
function initConfig(web: boolean, action: AutoconsentAction): Record<string, unknown> {
  return {
    enabled: web,
    // Nothing is clicked until operate() says so.
    autoAction: null,
    disabledCmps: [],
    // Hiding the banner would hide it from the screenshot, and from the visitor we stand in for.
    enablePrehide: false,
    // A cosmetic rule only hides a banner that has no refuse button: hiding is not refusing.
    enableCosmeticRules: action === 'optIn',
    enableGeneratedRules: true,
    // autoconsent's own popup heuristic (top frame only) reports cookie popups that no platform rule
    // knows, as 'HEURISTIC-…': a second opinion that a banner is there. It never clicks (autoAction null,
    // and such a detection is never operated: cookie-audit's heuristic does that, in frames too).
    enableHeuristicDetection: true,
    heuristicMode: 'tier2',
    detectRetries: 20,
    // The init script runs in the page's own world, so rule snippets can call the platform's API directly.
    isMainWorld: true,
    logs: { lifecycle: false, rulesteps: false, detectionsteps: false, evals: false, errors: false, messages: false, waits: false },
  };
}

/** Each rule's JSON text, made once per process: every document of every phase is answered from them. */
const ruleJson = new WeakMap<RuleJson, string>();

/**
 * The answer to a document's `init`, as JSON text. It carries the rules that can apply there (about 100 kB
 * for a top frame), so it is put together from each rule's JSON, made once.
 */
function initReply(web: boolean, url: string, mainFrame: boolean, action: AutoconsentAction): string {
  const rules = web ? rulesForFrame(autoconsentBundle().rules, url, mainFrame, action === 'optIn') : [];
  const texts = rules.map((rule) => {
    let text = ruleJson.get(rule);
    if (text === undefined) ruleJson.set(rule, (text = JSON.stringify(rule)));
    return text;
  });
  return `{"type":"initResp","config":${JSON.stringify(initConfig(web, action))},"rules":{"autoconsent":[${texts.join(',')}]}}`;
}

/** One phase's autoconsent: installed on its context before the first page opens. */
export class AutoconsentSession {
  private readonly events: AutoconsentEvent[] = [];
  private readonly listeners = new Set<() => void>();
  private seq = 0;
  /** Events before this sequence number belong to the consent that was already given. */
  private consentMark = Number.POSITIVE_INFINITY;
  private consentAt = 0;
  /** Once consent is settled, later documents get autoconsent switched off: nothing more to look for. */
  private retired = false;

  /** Set once the content script is on the context (at install, or on demand for a lazy session). */
  private attached: Promise<void> | undefined;
  /** The content script as an init script of the context, to take off once consent is settled. */
  private initScript: Disposable | undefined;
  /** Putting the content script on the context, until it is done (see ATTACH_MS): settled, never rejected. */
  private adding: Promise<void> = Promise.resolve();

  private constructor(
    private readonly context: BrowserContext,
    readonly action: AutoconsentAction,
    private readonly detectMs: number,
  ) {}

  /**
   * `lazy`: the content script is not put on the context yet, only when `attach()` is called. A consent
   * phase that runs beside the pre phase does so: most sites show no banner, and autoconsent's script and
   * rules, parsed and run in every document, are what a fleet of such sites spends most on beyond the visit.
   */
  static async install(context: BrowserContext, action: AutoconsentAction, detectMs = DETECT_MS, { lazy = false } = {}): Promise<AutoconsentSession> {
    const session = new AutoconsentSession(context, action, detectMs);
    // The way back from the content script is there from the start, lazy or not (it costs a document next to
    // nothing): added later, it would wait on every frame of the open pages, a frame that never answers included.
    await context.exposeBinding('autoconsentSendMessage', (source: { frame: Frame }, message: unknown) => session.receive(source.frame, message));
    if (!lazy) await session.attach();
    return session;
  }

  /**
   * Puts autoconsent's content script on every document of the context from now on and, given a page, on
   * the documents it shows now (it then starts detecting at once: the page has loaded). Once only.
   */
  attach(page?: Page): Promise<void> {
    this.attached ??= (async () => {
      const script = withNativeTimers(autoconsentBundle().script);
      const adding = this.context.addInitScript({ content: script }).then(
        (added) => {
          this.initScript = added;
        },
        () => undefined,
      );
      this.adding = adding;
      await withinTime(adding, ATTACH_MS);
      // The script starts only once per document (it checks for its own receiver), wherever it came from.
      if (page && !page.isClosed()) await Promise.all(page.frames().map((frame) => withinTime(frame.evaluate(script), FRAME_READ_TIMEOUT_MS)));
    })();
    return this.attached;
  }

  /** Whether the content script is on the context. */
  get isAttached(): boolean {
    return this.attached !== undefined;
  }

  /** Resolves once autoconsent recognised a platform in this context, or after ms. */
  async platformRecognised(ms: number): Promise<string | null> {
    await this.waitFor((e) => (e.type === 'cmpDetected' || e.type === 'popupFound') && !isHeuristic(e), ms);
    return this.detectedPlatform();
  }

  /** Messages come from page code: anything malformed is dropped, nothing from them is ever evaluated. */
  private async receive(frame: Frame, message: unknown): Promise<void> {
    if (typeof message !== 'object' || message === null) return;
    const msg = message as Record<string, unknown>;
    if (msg['type'] === 'init') {
      await this.answerInit(frame);
      return;
    }
    if (msg['type'] === 'report') {
      // autoconsent reports its state as it goes; what matters here is whether a document's detection has
      // looked long enough: it recognised a platform, or it begins its second pass (the first, made once the
      // document was idle, found nothing; the second follows 500 ms later).
      const state = (typeof msg['state'] === 'object' && msg['state'] !== null ? msg['state'] : {}) as Record<string, unknown>;
      const lifecycle = state['lifecycle'];
      const passes = typeof state['findCmpAttempts'] === 'number' ? state['findCmpAttempts'] : 0;
      if (typeof lifecycle === 'string' && (DETECTION_DONE.has(lifecycle) || (lifecycle === 'started' && passes >= 2))) {
        this.push({ type: 'detectionDone', cmp: '', frame, mainFrame: frame.parentFrame() === null, seq: this.seq++ });
      }
      return;
    }
    if (typeof msg['type'] !== 'string' || !EVENT_TYPES.has(msg['type'])) return;
    const event: AutoconsentEvent = {
      type: msg['type'] as AutoconsentEvent['type'],
      cmp: typeof msg['cmp'] === 'string' ? msg['cmp'] : '',
      frame,
      mainFrame: frame.parentFrame() === null,
      seq: this.seq++,
    };
    if (typeof msg['result'] === 'boolean') event.result = msg['result'];
    if (typeof msg['scheduleSelfTest'] === 'boolean') event.scheduleSelfTest = msg['scheduleSelfTest'];
    this.push(event);
  }

  private push(event: AutoconsentEvent): void {
    this.events.push(event);
    for (const listener of [...this.listeners]) listener();
  }

  private async answerInit(frame: Frame): Promise<void> {
    const url = frame.url();
    const web = !this.retired && (url.startsWith('https:') || url.startsWith('http:'));
    // A frame that went away before the answer arrived asks again from its next document.
    await send(frame, initReply(web, url, frame.parentFrame() === null, this.action));
  }

  private waitFor(predicate: (event: AutoconsentEvent) => boolean, ms: number): Promise<AutoconsentEvent | undefined> {
    const found = this.events.find(predicate);
    if (found || ms <= 0) return Promise.resolve(found);
    return new Promise((resolve) => {
      const done = (event: AutoconsentEvent | undefined) => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(event);
      };
      const listener = () => {
        const event = this.events.find(predicate);
        if (event) done(event);
      };
      const timer = setTimeout(() => done(undefined), ms);
      this.listeners.add(listener);
    });
  }

  /** The platform autoconsent recognised so far (its rule name), or null. */
  detectedPlatform(): string | null {
    const platform = (type: AutoconsentEvent['type']) => this.events.find((e) => e.type === type && !isHeuristic(e));
    return (platform('popupFound') ?? platform('cmpDetected'))?.cmp ?? null;
  }

  /** Whether a recognised platform's banner is open. */
  popupOpen(): boolean {
    return this.events.some((e) => e.type === 'popupFound' && !isHeuristic(e) && e.seq >= (Number.isFinite(this.consentMark) ? this.consentMark : 0));
  }

  /** What autoconsent's own popup heuristic saw ('HEURISTIC-REJECT', …), or null. */
  heuristicSeen(): string | null {
    return this.events.find((e) => (e.type === 'popupFound' || e.type === 'cmpDetected') && isHeuristic(e))?.cmp ?? null;
  }

  /** Resolves at the next message from autoconsent, or after ms. */
  nextEvent(ms: number): Promise<void> {
    const from = this.seq;
    return this.waitFor((e) => e.seq >= from, ms).then(() => undefined);
  }

  /**
   * Find the open banner and refuse (optOut) or accept (optIn) through the platform's rule. `detectMs`:
   * how long to wait for a platform to show up (the session's default when absent; 0 when the look for the
   * banner already knows there is none); once one is recognised, its banner gets POPUP_MS to open.
   */
  async operate(hooks: OperateHooks, detectMs = this.detectMs): Promise<AutoconsentOutcome> {
    const tried: string[] = [];
    const verb = this.action === 'optOut' ? 'opt-out' : 'opt-in';
    let popup = await this.waitFor((e) => e.type === 'popupFound' && !isHeuristic(e), detectMs);
    const detected = this.events.find((e) => e.type === 'cmpDetected' && !isHeuristic(e));
    if (!popup && detected) popup = await this.waitFor((e) => e.type === 'popupFound' && !isHeuristic(e), POPUP_MS);
    if (!popup) {
      this.consentMark = this.seq;
      if (!detected) {
        tried.push(`autoconsent ${autoconsentVersion()}: no consent platform recognised${detectMs > 0 ? ` within ${detectMs / 1000} s of the page going quiet` : ''}`);
        return { platform: null, operated: false, tried };
      }
      tried.push(`autoconsent: recognised ${detected.cmp}, but its banner did not open within ${(detectMs + POPUP_MS) / 1000} s`);
      return { platform: detected.cmp, operated: false, tried };
    }
    const where = popup.mainFrame ? 'the page' : `the frame ${popup.frame.url()}`;
    tried.push(`autoconsent: recognised ${popup.cmp}; its banner is open in ${where}`);
    await hooks.beforeClick();
    const documentBefore = await documentOf(popup.frame);
    const resultType = this.action === 'optOut' ? 'optOutResult' : 'optInResult';
    const sentAt = this.seq;
    const reply = await withTimeout(send(popup.frame, JSON.stringify({ type: this.action })), OPERATE_MS);
    let result = this.events.find((e) => e.type === resultType && e.seq >= sentAt);
    if (!result && reply === 'timeout') tried.push(`autoconsent ${popup.cmp} ${verb}: no answer within ${OPERATE_MS / 1000} s`);
    else if (!result && reply !== 'ok') {
      // The click made the frame navigate (some platforms reload the page on a choice) before it could answer.
      result = await this.waitFor((e) => e.type === resultType && e.seq >= sentAt, 1000);
      if (!result) tried.push(`autoconsent ${popup.cmp} ${verb}: the frame navigated or went away before the rule answered (${reply})`);
    }
    const outcome: AutoconsentOutcome = { platform: popup.cmp, operated: true, tried };
    if (!result && reply !== 'ok' && reply !== 'timeout') outcome.navigated = true;
    if (result?.result !== undefined) {
      outcome.result = result.result;
      tried.push(`autoconsent ${popup.cmp} ${verb}: ${result.result ? 'the rule completed' : 'the rule reported failure'}`);
    }
    await hooks.afterClick();
    const reloaded = documentBefore !== undefined && (await documentOf(popup.frame)) !== documentBefore;
    if (this.action === 'optOut' && result?.result === true && result.scheduleSelfTest === true && reloaded) {
      // The page replaced its document after the choice (a library that reloads on refusal): the rule's
      // self-test would look for the old banner's state on a new page; the check after the reload decides.
      tried.push(`autoconsent ${popup.cmp} self-test: not run, the page loaded anew after the choice`);
    } else if (this.action === 'optOut' && result?.result === true && result.scheduleSelfTest === true) {
      const testFrom = this.seq;
      await withTimeout(send(popup.frame, JSON.stringify({ type: 'selfTest' })), SELF_TEST_MS);
      const test = await this.waitFor((e) => e.type === 'selfTestResult' && e.seq >= testFrom, 500);
      if (test?.result !== undefined) {
        outcome.selfTest = test.result;
        tried.push(`autoconsent ${popup.cmp} self-test: ${test.result ? 'the refusal is stored' : 'the refusal is not stored'}`);
      } else tried.push(`autoconsent ${popup.cmp} self-test: no answer`);
    }
    this.consentMark = this.seq;
    this.consentAt = Date.now();
    return outcome;
  }

  /** The platform's banner reported open since consent was given, as far as autoconsent has told by now. */
  reportedSinceConsent(): AutoconsentEvent | undefined {
    return this.events.find(openedSince(this.consentMark));
  }

  /**
   * Call after the reload that follows consent: whether the platform's banner opened again on a page of
   * this context since consent was given (the choice did not stick). Waits briefly for it.
   */
  async bannerReturned(): Promise<AutoconsentEvent | undefined> {
    return (await this.watchReturn()).event;
  }

  /**
   * bannerReturned, telling whether autoconsent's detection on a page after consent finished within the
   * window (`looked`), so that a watch begun as the reload starts can be taken over by bannerReturned, with
   * its full window, when that page had not been looked at by the time it ended.
   */
  async watchReturn(): Promise<{ event?: AutoconsentEvent; looked: boolean }> {
    const deadline = Math.max(this.consentAt + RECHECK_MS, Date.now() + RECHECK_MIN_MS);
    const mark = this.consentMark;
    const popup = openedSince(mark);
    // autoconsent checks a platform's banner as soon as it recognises the platform: once the reloaded page's
    // detection recognised it, or begins its second pass, a banner that is back has been reported or is about
    // to be (the second pass takes moments), so the wait ends there rather than at the end of the window.
    const first = await this.waitFor((e) => popup(e) || (e.type === 'detectionDone' && e.mainFrame && e.seq >= mark), deadline - Date.now());
    if (!first) return { looked: false };
    if (popup(first)) return { event: first, looked: true };
    const later = await this.waitFor(popup, Math.min(RETURN_GRACE_MS, deadline - Date.now()));
    return later ? { event: later, looked: true } : { looked: true };
  }

  /**
   * The phase's consent is settled: the remaining pages load without autoconsent looking for banners. Its
   * script also comes off the context (parsing it is most of what it costs a page), once `detach` is awaited.
   */
  retire(): void {
    this.retired = true;
  }

  /** After `retire`: the documents opened from now on do not get the content script at all. */
  async detach(): Promise<void> {
    if (!this.retired || this.attached === undefined) return;
    await this.attached.catch(() => undefined);
    // Still going on where a frame never answers: it ends once that frame's page is closed (see runPhase).
    await this.adding;
    const script = this.initScript;
    this.initScript = undefined;
    await script?.dispose().catch(() => undefined);
  }
}

/** Which document a frame shows (its time origin), or undefined when it cannot be read. */
async function documentOf(frame: Frame): Promise<number | undefined> {
  if (frame.isDetached()) return undefined;
  const origin = await withTimeout(frame.evaluate(() => performance.timeOrigin), 2000).catch(() => undefined);
  return typeof origin === 'number' ? origin : undefined;
}

/** A detection by autoconsent's popup heuristic rather than by a platform's rule. */
function isHeuristic(event: AutoconsentEvent): boolean {
  return event.cmp.startsWith('HEURISTIC');
}

/** Matches a platform's banner (not the popup heuristic's) reported open at or after sequence number `mark`. */
function openedSince(mark: number): (event: AutoconsentEvent) => boolean {
  return (e) => e.type === 'popupFound' && !isHeuristic(e) && e.seq >= mark;
}

/**
 * Delivers a message, as JSON text, to the content script of a frame; resolves when its handler finished:
 * 'ok', or why it could not. The page parses the text: an object would be serialised by Playwright on every
 * call, which for the rules sent to each document cost more CPU than anything else the scan did in Node.
 */
async function send(frame: Frame, json: string): Promise<'ok' | string> {
  try {
    await frame.evaluate(
      (text) => (window as unknown as { autoconsentReceiveMessage?: (m: unknown) => Promise<void> }).autoconsentReceiveMessage?.(JSON.parse(text)),
      json,
    );
    return 'ok';
  } catch (error) {
    return describeError(error).split('\n')[0] ?? 'error';
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
