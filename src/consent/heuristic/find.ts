/**
 * Finding the consent banner in every frame of a page (the page script, page.ts, does the reading) and
 * keeping hold of its elements so the clicks that follow hit exactly what was read.
 */
import { randomUUID } from 'node:crypto';
import type { ElementHandle, Frame, JSHandle, Page } from 'playwright-core';
import { FRAME_READ_TIMEOUT_MS, PATIENT_READ_MS, withinTime } from '../../evidence/capture.js';
import type { BannerControl, BannerEvidence, Box, ConsentToggle } from '../types.js';
import { ACTIVITY_EXPRESSION, AFTER_IDLE_SOURCE, combineActivity, NO_ACTIVITY, type PageActivity } from '../watch.js';
import { CONSENT_WORDS } from '../words.js';
import { scanExpression, type PageBanner, type PageControl, type PageToggle } from './page.js';

type ScanHandle = JSHandle<{ banner: PageBanner | null; nodes: Element[] }>;

/** A banner on the page, read and held. */
export interface FoundBanner {
  frame: Frame;
  /** The banner as read, boxes in the top-level page's coordinates. */
  read: PageBanner;
  handle: ScanHandle;
}

function shift(box: Box, dx: number, dy: number): Box {
  return { ...box, x: box.x + dx, y: box.y + dy };
}

function stripQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url;
  }
}

/** Where a frame's document sits on the page, or undefined when it is not shown at all. */
async function frameOffset(frame: Frame): Promise<{ x: number; y: number } | undefined> {
  if (frame.parentFrame() === null) return { x: 0, y: 0 };
  const element = await withinTime(frame.frameElement(), FRAME_READ_TIMEOUT_MS).catch(() => undefined);
  const box = element ? await withinTime(element.boundingBox(), FRAME_READ_TIMEOUT_MS).catch(() => undefined) : undefined;
  void element?.dispose().catch(() => undefined);
  if (!box || box.width < 2 || box.height < 2) return undefined;
  return { x: Math.round(box.x), y: Math.round(box.y) };
}

/** What one frame's scan gave: the banner read and held (if any), and what the frame is still about to do. */
interface FrameScan {
  found?: FoundBanner;
  /** The frame's activity (src/consent/watch.ts); undefined where the watch is not installed. */
  activity?: PageActivity;
  /** The frame's document answered this scan. */
  answered?: boolean;
}

/**
 * The scan as a function of the key its result is kept under: its text is the same for every scan of a layer
 * in a top or a sub frame, so each renderer compiles it once (V8 caches what it evaluated by its source)
 * rather than on every read of a look, which polls several times a second. The document keeps it too, under
 * a name of this run's (`held`, which no page can know beforehand): the later scans of that document call it
 * (see scanDocument) instead of sending its ~45 kB of text again, which Node, the browser and the renderer
 * each parse (about 2.6 ms of CPU a scan on two cores, ~20 scans a site).
 */
type ScanArgs = { key: string; held: string; afterIdle: boolean };
const scanFunctions = new Map<string, (args: ScanArgs) => unknown>();
function scanFunction(layer: 'first' | 'second', top: boolean): (args: ScanArgs) => unknown {
  const id = `${layer}:${top}`;
  let scan = scanFunctions.get(id);
  if (scan === undefined) {
    scan = new Function(
      'args',
      `const run = (key) => {
    const r = ${scanExpression({ words: CONSENT_WORDS, layer, top })};
    if (r.banner) Object.defineProperty(window, key, { value: r, configurable: true, enumerable: false });
    return { banner: r.banner, activity: ${ACTIVITY_EXPRESSION} };
  };
  // Neither writable nor configurable: the page cannot put another function in its place.
  try { Object.defineProperty(window, args.held, { value: run, enumerable: false }); } catch (e) {}
  return args.afterIdle ? (${AFTER_IDLE_SOURCE})(() => run(args.key)) : run(args.key);`,
    ) as (args: ScanArgs) => unknown;
    scanFunctions.set(id, scan);
  }
  return scan;
}

/** Where a document keeps each kind of scan after its first (random per run). */
const HELD_PREFIX = `__cookieAuditScan_${randomUUID().replace(/-/g, '')}`;

/** The scan the document holds, called; 'missing' when it holds none yet (its first scan, or a new document). */
const callHeld = new Function(
  'args',
  `const run = window[args.held];
  if (typeof run !== 'function') return 'missing';
  return args.afterIdle ? (${AFTER_IDLE_SOURCE})(() => run(args.key)) : run(args.key);`,
) as (args: ScanArgs) => unknown;

/**
 * One scan of the frame's document: the call of a few bytes where the document holds the scan, else its text.
 * `afterIdle`: the scan runs once the document has run what it had queued (see idleBarrier), in the same call.
 */
async function scanDocument(frame: Frame, layer: 'first' | 'second', top: boolean, key: string, afterIdle: boolean): Promise<ScanResult> {
  const args = { key, held: `${HELD_PREFIX}_${layer}_${top ? 'top' : 'sub'}`, afterIdle };
  const held = await frame.evaluate(callHeld, args);
  if (held !== 'missing') return held as ScanResult;
  return (await frame.evaluate(scanFunction(layer, top), args)) as ScanResult;
}

type ScanResult = { banner: PageBanner | null; activity: PageActivity | null };

/** A scan sent to a frame and not answered yet. */
interface RunningScan {
  key: string;
  layer: 'first' | 'second';
  /** It runs once the document was idle (see scanDocument). */
  afterIdle: boolean;
  startedAt: number;
  /** undefined when the scan failed (the document went away, the frame was detached). */
  result: Promise<ScanResult | undefined>;
  /** When it answered, if nobody was waiting for it any more: the next read takes its answer. */
  doneAt?: number;
}

/** findBanner: the least time between two reads of a page that did not answer. */
const RETRY_MS = 100;

/** How long an answer that came after its reader gave up is kept for the next read. */
const LATE_ANSWER_MS = 1000;

const running = new WeakMap<Frame, RunningScan>();

/**
 * The frame's scan now: the one still running there, or one that answered just after its reader gave up,
 * else a new one. A read that outlives its wait is not sent again on top of itself: on a busy machine each
 * poll would queue another scan in a renderer that has not finished the last, and the page's own scripts (a
 * banner among them) would wait behind them. Nor is its late answer thrown away: where every scan takes longer
 * than FRAME_READ_TIMEOUT_MS (every core saturated), each poll would otherwise start a scan that again answers
 * too late, and the page would never be read.
 */
function scanRunning(frame: Frame, layer: 'first' | 'second', top: boolean, sentAfter: number, afterIdle: boolean): RunningScan {
  const current = running.get(frame);
  const fresh = current !== undefined && (current.doneAt === undefined || Date.now() - current.doneAt <= LATE_ANSWER_MS);
  if (current && fresh && current.layer === layer && current.startedAt >= sentAfter && (current.afterIdle || !afterIdle)) return current;
  const key = `__cookieAuditScan_${randomUUID().replace(/-/g, '')}`;
  const scan: RunningScan = {
    key,
    layer,
    afterIdle,
    startedAt: Date.now(),
    result: scanDocument(frame, layer, top, key, afterIdle).catch(() => undefined),
  };
  running.set(frame, scan);
  void scan.result.then((r) => {
    scan.doneAt = Date.now();
    if (r === undefined && running.get(frame) === scan) running.delete(frame);
  });
  return scan;
}

/**
 * Reads a frame in one round trip when it shows no banner, which is most frames of most pages: the scan
 * runs, and only when it found a banner is its result kept in the page (under a key of this scan alone)
 * for a second call to take hold of, so the clicks that follow hit exactly the elements that were read.
 */
async function scanOne(frame: Frame, layer: 'first' | 'second', sentAfter: number, afterIdle: boolean): Promise<FrameScan> {
  if (frame.isDetached()) return {};
  const url = frame.url();
  const top = frame.parentFrame() === null;
  if (!/^https?:/.test(url) && !top) return {};
  const offset = await frameOffset(frame);
  if (!offset) return {};
  const scan = scanRunning(frame, layer, top, sentAfter, afterIdle);
  const scanned = await withinTime(scan.result, FRAME_READ_TIMEOUT_MS);
  if (!scanned) return {};
  // Answered and taken: the next read is a new scan.
  if (running.get(frame) === scan) running.delete(frame);
  const key = scan.key;
  const busy = { answered: true, ...(scanned.activity ? { activity: scanned.activity } : {}) };
  const read = scanned.banner;
  if (!read) return busy;
  const taken = (await withinTime(
    frame.evaluateHandle((k) => {
      const held = (window as unknown as Record<string, unknown>)[k];
      delete (window as unknown as Record<string, unknown>)[k];
      return held ?? null;
    }, key),
    // The scan found a banner: a slow answer here must not turn it into "no banner".
    PATIENT_READ_MS,
  ).catch(() => undefined)) as ScanHandle | undefined;
  if (!taken) return busy;
  const moved: PageBanner = {
    ...read,
    box: shift(read.box, offset.x, offset.y),
    controls: read.controls.map((c) => ({ ...c, box: shift(c.box, offset.x, offset.y) })),
  };
  return { found: { frame, read: moved, handle: taken }, ...busy };
}

/** A look at every frame of the page: the most banner-like box, and what the page is still about to do. */
export interface PageScan {
  found?: FoundBanner;
  /**
   * The top document's pending timers; every frame's running animations, fetches and counts of events, and
   * the least time any frame's DOM has been still (a banner may slide in inside a frame): combineActivity.
   * NO_ACTIVITY where the watch is not installed.
   */
  activity: PageActivity;
  /** The top document answered this scan: what it says of the page is from now. */
  answered: boolean;
}

/**
 * Every frame of the page read at once (the page and its frames, cross-origin ones too): the most banner-like
 * box, if any. 'second' reads the settings layer: toggles weigh in, hidden inputs styled as switches count.
 * `sentAfter`: a scan still running in a frame answers this call only if it was sent after then (epoch ms).
 * `afterIdle`: each frame is read once it has run what it had queued (idleBarrier and a scan in one call).
 */
export async function scanPage(page: Page, layer: 'first' | 'second' = 'first', sentAfter = 0, afterIdle = false): Promise<PageScan> {
  if (page.isClosed()) return { activity: NO_ACTIVITY, answered: false };
  const frames = page.frames();
  const scans = await Promise.all(frames.map((frame) => scanOne(frame, layer, sentAfter, afterIdle).catch((): FrameScan => ({}))));
  const found = scans.map((scan) => scan.found).filter((f): f is FoundBanner => f !== undefined);
  found.sort((a, b) => b.read.score - a.read.score);
  for (const other of found.slice(1)) void other.handle.dispose().catch(() => undefined);
  const main = frames.indexOf(page.mainFrame());
  const top = scans[main]?.activity ?? NO_ACTIVITY;
  const others = scans.filter((scan, i) => i !== main && scan.activity).map((scan) => scan.activity as PageActivity);
  const activity = combineActivity(top, others);
  return { ...(found[0] ? { found: found[0] } : {}), activity, answered: scans[main]?.answered === true };
}

/** The most banner-like box of all frames, or undefined (scanPage without the page's activity). */
export async function findBanner(page: Page, layer: 'first' | 'second' = 'first'): Promise<FoundBanner | undefined> {
  // A scan the page has not answered yet is not "no banner": on a saturated machine, or a page busy with a long
  // task, one read can take longer than FRAME_READ_TIMEOUT_MS. The next call takes over the scan still running,
  // so waiting costs no second read; only a page that has stopped answering ends it.
  // A read that failed at once (the document was being replaced) is sent again after a moment, not at once.
  const until = Date.now() + PATIENT_READ_MS;
  for (;;) {
    const sent = Date.now();
    const scan = await scanPage(page, layer);
    if (scan.found || scan.answered || page.isClosed() || Date.now() >= until) return scan.found;
    const waited = Date.now() - sent;
    if (waited < RETRY_MS) await new Promise((resolve) => setTimeout(resolve, RETRY_MS - waited));
  }
}

/** The element the scan read at this index, to click it. */
export async function nodeOf(found: FoundBanner, node: number): Promise<ElementHandle | undefined> {
  const handle = await found.handle.evaluateHandle((r, i) => r.nodes[i] ?? null, node).catch(() => undefined);
  return handle?.asElement() ?? undefined;
}

/** Whether the element at this index is still on screen (false once removed, hidden, or its frame is gone). */
export async function nodeShown(found: FoundBanner, node: number): Promise<boolean> {
  if (found.frame.isDetached()) return false;
  const shown = await withinTime(
    found.handle.evaluate((r, i) => {
      const el = r.nodes[i];
      if (!el || !el.isConnected) return false;
      const rect = el.getBoundingClientRect();
      if (rect.width < 2 || rect.height < 2) return false;
      const check = (el as Element & { checkVisibility?: (o: object) => boolean }).checkVisibility;
      return check ? check.call(el, { opacityProperty: true, visibilityProperty: true }) : true;
    }, node),
    FRAME_READ_TIMEOUT_MS,
  ).catch(() => false);
  return shown === true;
}

/** The state of a toggle now. */
export async function toggleChecked(found: FoundBanner, node: number): Promise<boolean | undefined> {
  return withinTime(
    found.handle.evaluate((r, i) => {
      const el = r.nodes[i];
      if (!el) return undefined;
      return el instanceof HTMLInputElement ? el.checked : el.getAttribute('aria-checked') === 'true';
    }, node),
    FRAME_READ_TIMEOUT_MS,
  ).catch(() => undefined);
}

export function controlEvidence(c: PageControl): BannerControl {
  const { node: _node, ...rest } = c;
  return rest;
}

export function toggleEvidence(t: PageToggle): ConsentToggle {
  const { node: _node, ...rest } = t;
  return rest;
}

/** The banner as report.json holds it. */
export function bannerEvidence(found: FoundBanner, foundBy: BannerEvidence['foundBy']): BannerEvidence {
  const { read } = found;
  const evidence: BannerEvidence = {
    foundBy,
    inShadowRoot: read.inShadowRoot,
    ...(read.closedShadowRoot ? { closedShadowRoot: true } : {}),
    selector: read.selector,
    signals: read.signals,
    text: read.text,
    box: read.box,
    controls: read.controls.map(controlEvidence),
    policyLinks: read.policyLinks,
  };
  // Checkboxes shown on the banner as it opens ("Analytics ☑ Marketing ☑ Allow selection") are its toggles.
  if (read.toggles.length > 0) evidence.toggles = read.toggles.map(toggleEvidence);
  if (found.frame.parentFrame() !== null) evidence.frameUrl = stripQuery(found.frame.url());
  return evidence;
}

export function release(found: FoundBanner | undefined): void {
  void found?.handle.dispose().catch(() => undefined);
}
