/**
 * The whole path, stage by stage: launch → crawl (evidence) → audit (policy) → report.
 * Each stage returns a new value; nothing here parses arguments or picks exit codes.
 */
import type { Writable } from 'node:stream';
import pLimit from 'p-limit';
import type { Browser } from 'playwright-core';
import { runAudit } from './audit/run.js';
import type { Finding, Severity } from './audit/types.js';
import type { FoundBrowser } from './browser/find.js';
import { connectBrowser } from './browser/connect.js';
import { launchBrowser, type LaunchedBrowser } from './browser/launch.js';
import type { HostMapping } from './browser/resolve.js';
import type { DiscoveryOptions } from './crawl/discover.js';
import type { ScanEvent } from './crawl/events.js';
import type { LoginPlan } from './crawl/login.js';
import { groupIntoSites, scanSite, type SiteTarget } from './crawl/scan.js';
import { sitesOfShard, type Shard } from './crawl/shard.js';
import type { Phase, PhaseEvidence, SiteEvidence } from './evidence/types.js';
import { classifySite } from './knowledge/classify.js';
import type { Knowledge } from './knowledge/types.js';
import { toolVersion } from './package-info.js';
import { declarationRefs } from './policy/match.js';
import type { PolicyManifest } from './policy/types.js';
import { buildReport } from './report/build.js';
import type { AuditReport, Reporter, SiteReport } from './report/types.js';
import { writeReports } from './report/write.js';
import type { ProxySettings } from './browser/proxy.js';
import { sealFolder } from './integrity/seal.js';
import type { TimestampFacts } from './integrity/timestamp.js';

export interface PipelineInput {
  urls: string[];
  policy: PolicyManifest;
  hasPolicy: boolean;
  phases: Phase[];
  outDir: string;
  formats: Reporter[];
  failOn: Severity | 'never';
  includeValues: boolean;
  ignoreHttpsErrors: boolean;
  timeoutMs: number;
  idleMs: number;
  /** --consent-wait: how long autoconsent looks for a banner; absent: its default (5 s). */
  consentWaitMs?: number;
  /**
   * --stall-timeout: a site on which no page finished for this long has a hung browser: it is ended, and the
   * site scanned again, once, on a fresh one. Default: STALL_MS, or four page timeouts if that is longer.
   */
  stallMs?: number;
  browser: FoundBrowser;
  mappings: HostMapping[];
  blockThirdPartyCookies: boolean;
  color: boolean;
  stdout: Writable;
  /** --evidence: each phase's traffic as HAR 1.2 beside the reports (bodies with --evidence-bodies). */
  traffic?: { bodies: boolean };
  /** --proxy: the proxy every request goes through (credentials from the environment). */
  proxy?: ProxySettings;
  /** --region: where the visitor comes from, as the user labels it (report.json options.region). */
  region?: string;
  /** --timestamp: the RFC 3161 authority that stamps the run's SHA256SUMS. */
  timestampUrl?: string;
  /** Progress lines (stderr). */
  log: (line: string) => void;
  /** The visitor the browser presents (--locale, --timezone, --user-agent); defaults: en-US, the machine's zone, Chrome's UA without "Headless". */
  visitor?: { locale?: string; timezoneId?: string; userAgent?: string; device?: string };
  /** --baseline: findings of an earlier report; only new findings then fail the run. */
  baseline?: { file: string; findings: Finding[] };
  /** Known-cookie and tracker databases; without them nothing is classified and undeclared items are unknown. */
  knowledge?: Knowledge;
  /** How much to crawl and how: discovery, parallelism, signing in, a remote browser, a shard. Absent: the given pages, one at a time. */
  crawl?: CrawlSettings;
  /** Progress of the scan as it runs; when given, the per-phase log lines are left to it. */
  onEvent?: (event: ScanEvent) => void;
  /**
   * Stops the scan early (SIGINT/SIGTERM): the browser is closed at once, so every phase returns what it had
   * captured; that is audited and reported, marked partial.
   */
  signal?: AbortSignal;
}

/**
 * The browser the sites share. When its process dies mid-scan, the first site to notice starts a fresh one;
 * the others waiting on the same death get that one too.
 */
class BrowserHolder {
  private replacing: Promise<LaunchedBrowser> | undefined;
  private readonly all: LaunchedBrowser[];

  constructor(
    public current: LaunchedBrowser,
    private readonly start: () => Promise<LaunchedBrowser>,
  ) {
    this.all = [current];
  }

  async replace(dead: LaunchedBrowser): Promise<LaunchedBrowser> {
    if (this.current !== dead) return this.current;
    this.replacing ??= this.start().then((fresh) => {
      this.all.push(fresh);
      this.current = fresh;
      this.replacing = undefined;
      return fresh;
    });
    await dead.close();
    return this.replacing;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.all.map((b) => b.close()));
  }
}

/** How long a site may go without a page finishing before its browser is taken as hung (see PipelineInput.stallMs). */
export const STALL_MS = 5 * 60_000;

export interface CrawlSettings {
  /** Find more pages than the given URLs (links, sitemaps). */
  discovery?: DiscoveryOptions;
  /** Pages loading at once in each phase. */
  pageConcurrency: number;
  /** Sites scanned at once. */
  sitesConcurrency: number;
  /** Playwright storage-state file every phase starts from (a signed-in visitor). */
  storageState?: string;
  /** The manifest's login, values resolved: signs in once per site before the phases. */
  login?: LoginPlan;
  /** Audit on this remote browser (Playwright server or CDP endpoint) instead of launching one. */
  connect?: string;
  /** Scan only this slice of the site list. */
  shard?: Shard;
}

export class BrowserLaunchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserLaunchError';
  }
}

function phaseLine(site: string, phase: PhaseEvidence): string {
  if (phase.status === 'skipped') return `${site} · ${phase.phase}: skipped`;
  const pages = phase.pages.filter((p) => p.ok).length;
  const errors = phase.errors.length > 0 ? `, ${phase.errors.length} page error(s)` : '';
  return `${site} · ${phase.phase}: ${phase.status}, ${pages}/${phase.pages.length} page(s), ${phase.cookies.length} cookie(s), ${phase.storage.length} storage entr${phase.storage.length === 1 ? 'y' : 'ies'}${errors}`;
}

/** The local Chromium, or the remote browser of --connect. */
async function startBrowser(input: PipelineInput): Promise<LaunchedBrowser> {
  const endpoint = input.crawl?.connect;
  if (endpoint !== undefined) {
    try {
      return await connectBrowser(endpoint, input.timeoutMs);
    } catch (error) {
      const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
      throw new BrowserLaunchError(`could not connect to the browser at ${endpoint}: ${first}`);
    }
  }
  try {
    return await launchBrowser({
      executablePath: input.browser.executablePath,
      mappings: input.mappings,
      blockThirdPartyCookies: input.blockThirdPartyCookies,
      ...(input.proxy ? { proxy: input.proxy } : {}),
    });
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new BrowserLaunchError(`Chromium at ${input.browser.executablePath} could not start: ${first}`);
  }
}

export interface PipelineResult {
  report: AuditReport;
  /** Every file written into --out, SHA256SUMS (and its time stamp) last. */
  files: string[];
  timestamp?: TimestampFacts;
}

export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
  const generatedAt = new Date().toISOString();
  const crawl = input.crawl;
  const targets = sitesOfShard(groupIntoSites(input.urls, input.policy), crawl?.shard);
  let launched: LaunchedBrowser | undefined;
  // A shard with no site launches nothing: its (empty) report still lets `merge` check every shard came back.
  if (targets.length > 0) launched = await startBrowser(input);
  const evidence: SiteEvidence[] = [];
  const limit = pLimit(Math.max(1, crawl?.sitesConcurrency ?? 1));
  /** `onActivity` hears every step of the site's scan: the stall watchdog's sign of life. */
  const scan = (browser: Browser, userAgent: string, target: SiteTarget, onActivity: () => void): Promise<SiteEvidence> =>
    scanSite(browser, target, {
      phases: input.phases,
      concurrency: 3,
      pageConcurrency: crawl?.pageConcurrency ?? 1,
      ...(crawl?.discovery ? { discovery: crawl.discovery } : {}),
      ...(crawl?.storageState !== undefined ? { storageState: crawl.storageState } : {}),
      ...(crawl?.login ? { login: crawl.login } : {}),
      onEvent: (event) => {
        onActivity();
        input.onEvent?.(event);
      },
      timeoutMs: input.timeoutMs,
      idleMs: input.idleMs,
      ...(input.consentWaitMs === undefined ? {} : { consentWaitMs: input.consentWaitMs }),
      includeValues: input.includeValues,
      ignoreHttpsErrors: input.ignoreHttpsErrors,
      // A device brings its own user agent; --user-agent still wins.
      ...(input.visitor?.userAgent !== undefined || input.visitor?.device === undefined ? { userAgent: input.visitor?.userAgent ?? userAgent } : {}),
      ...(input.visitor?.device === undefined ? {} : { device: input.visitor.device }),
      ...(input.visitor?.locale === undefined ? {} : { locale: input.visitor.locale }),
      ...(input.visitor?.timezoneId === undefined ? {} : { timezoneId: input.visitor.timezoneId }),
      // Banner screenshots go beside the reports, and so do the traffic records.
      screenshotDir: input.outDir,
      ...(input.traffic ? { traffic: { dir: input.outDir, bodies: input.traffic.bodies, credentials: [] } } : {}),
      ...(input.onEvent ? {} : { onPhaseDone: (site: string, phase: PhaseEvidence) => input.log(phaseLine(site, phase)) }),
    });
  input.onEvent?.({ type: 'scan-start', sites: targets.length });
  const holder = launched ? new BrowserHolder(launched, () => startBrowser(input)) : undefined;
  const stallMs = input.stallMs ?? Math.max(STALL_MS, 4 * input.timeoutMs);
  /**
   * Runs one scan of a site under the stall watchdog: when no step of it is heard for `stallMs`, the browser
   * is taken as hung and ended, which fails every call waiting on it, so the scan returns what it had.
   */
  const watched = async (browser: LaunchedBrowser, run: (onActivity: () => void) => Promise<SiteEvidence>): Promise<{ site: SiteEvidence; stalled: boolean }> => {
    let stalled = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        browser.kill();
      }, stallMs);
    };
    arm();
    try {
      return { site: await run(arm), stalled };
    } finally {
      clearTimeout(timer);
    }
  };
  const interrupt = () => void holder?.closeAll().catch(() => undefined);
  input.signal?.addEventListener('abort', interrupt, { once: true });
  const notScanned: string[] = [];
  const scanWithRetry = async (target: SiteTarget): Promise<SiteEvidence | undefined> => {
    if (!holder || input.signal?.aborted) {
      notScanned.push(target.url);
      return undefined;
    }
    // A browser that died (or was ended as hung) under an earlier site is replaced before this one starts.
    const used = holder.current.browser.isConnected() ? holder.current : await holder.replace(holder.current);
    const first = await watched(used, (onActivity) => scan(used.browser, used.userAgent, target, onActivity));
    if (input.signal?.aborted || used.browser.isConnected()) return first.site;
    // The browser process died under this site, or hung and was ended: its phases are scanned again, once, on a fresh browser.
    const fresh = await holder.replace(used);
    const again = await watched(fresh, (onActivity) => scan(fresh.browser, fresh.userAgent, target, onActivity));
    const why = first.stalled
      ? `no page of ${target.url} finished for ${stallMs / 1000} s, so the browser was taken as hung and ended`
      : `the browser process died while ${target.url} was being scanned`;
    const notes = [`${why}; all its phases were scanned again on a fresh browser`];
    if (again.stalled) notes.push(`the scan again on a fresh browser stalled too (no page finished for ${stallMs / 1000} s) and was ended: what it gathered is reported`);
    return { ...again.site, retries: [...(again.site.retries ?? []), ...notes] };
  };
  try {
    const scanned = await Promise.all(targets.map((target) => limit(() => scanWithRetry(target))));
    evidence.push(...scanned.filter((site): site is SiteEvidence => site !== undefined));
  } finally {
    input.signal?.removeEventListener('abort', interrupt);
    // Interrupted: the reports come first (the 5-second promise); the browser's shutdown finishes meanwhile.
    if (input.signal?.aborted) void holder?.closeAll().catch(() => undefined);
    else await holder?.closeAll();
  }

  const { proxy, ...rest } = input;
  return reportEvidence(evidence, {
    ...rest,
    // The proxy as report.json states it: where it is, never who signs in to it.
    ...(proxy ? { proxy: proxy.server } : {}),
    generatedAt,
    ...(crawl?.shard ? { shard: crawl.shard } : {}),
    ...(input.signal?.aborted ? { interrupted: { reason: String(input.signal.reason ?? 'interrupted'), notScanned } } : {}),
  });
}

/** What the audit and the reports need besides the evidence: shared by a scan and by `import`. */
export type ReportInput = Pick<
  PipelineInput,
  'policy' | 'hasPolicy' | 'phases' | 'outDir' | 'formats' | 'failOn' | 'includeValues' | 'color' | 'stdout' | 'visitor' | 'baseline' | 'knowledge' | 'timestampUrl'
> & {
  generatedAt: string;
  shard?: Shard;
  interrupted?: { reason: string; notScanned: string[] };
  /** --region as given, and the --proxy's scheme://host:port, as report.json states them. */
  region?: string;
  proxy?: string;
  /** Drops findings the evidence cannot support (import: storage declared but unseen in a HAR). */
  keepFinding?: (finding: Finding) => boolean;
};

/** Evidence → classification → audit → reports → SHA256SUMS (and its time stamp), in that order. */
export async function reportEvidence(evidence: SiteEvidence[], input: ReportInput): Promise<PipelineResult> {
  // Classification: every cookie and storage entry gets its category and source, every request its tracker facts.
  const { knowledge } = input;
  const classified = knowledge === undefined ? evidence : evidence.map((site) => classifySite(site, input.policy, knowledge));
  const audited = runAudit(
    classified.map((site) => ({ site, policy: input.policy, hasPolicy: input.hasPolicy, ...(knowledge === undefined ? {} : { knowledge }) })),
  );
  const findings = input.keepFinding ? audited.filter(input.keepFinding) : audited;
  const sites: SiteReport[] = classified.map((site) => {
    // Declared but not seen is a fact of the evidence, even where a finding about it is left out.
    const notObserved = new Set(
      audited
        .filter((f) => f.site === site.url && f.ruleId === 'declared-not-observed' && f.declaration)
        .map((f) => `${f.declaration?.kind}:${f.declaration?.index}`),
    );
    const report: SiteReport = {
      evidence: site,
      policyFile: input.hasPolicy ? (input.policy.file ?? null) : null,
      declared: input.hasPolicy
        ? declarationRefs(input.policy).map((ref) => ({ ...ref, observed: !notObserved.has(`${ref.kind}:${ref.index}`) }))
        : [],
    };
    if (input.policy.site !== undefined) report.policySite = input.policy.site;
    return report;
  });
  const report = buildReport({
    sites,
    findings,
    phases: input.phases,
    includeValues: input.includeValues,
    failOn: input.failOn,
    generatedAt: input.generatedAt,
    toolVersion,
    ...(input.shard ? { shard: input.shard } : {}),
    ...(input.region === undefined ? {} : { region: input.region }),
    ...(input.proxy === undefined ? {} : { proxy: input.proxy }),
    ...(input.visitor?.device === undefined ? {} : { device: input.visitor.device }),
    ...(input.interrupted ? { interrupted: input.interrupted } : {}),
    ...(input.baseline && { baseline: input.baseline }),
    ...(knowledge === undefined ? {} : { knowledge: { trackerDatabase: knowledge.trackerDatabase, cookieDatabases: knowledge.cookieDatabases } }),
  });
  const files = await writeReports(report, input.outDir, input.formats, { color: input.color, stdout: input.stdout });
  // Last: the list of everything the run wrote into --out, and its time stamp.
  const sealed = await sealFolder(input.outDir, input.timestampUrl);
  return { report, files: [...files, ...sealed.files], ...(sealed.timestamp ? { timestamp: sealed.timestamp } : {}) };
}
