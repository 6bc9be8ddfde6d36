/**
 * The whole path, stage by stage: launch → crawl (evidence) → audit (policy) → report.
 * Each stage returns a new value; nothing here parses arguments or picks exit codes.
 */
import path from 'node:path';
import type { Writable } from 'node:stream';
import pLimit from 'p-limit';
import type { Browser } from 'playwright-core';
import { runAudit } from './audit/run.js';
import type { Finding, Severity } from './audit/types.js';
import type { FoundBrowser } from './browser/find.js';
import type { LaunchedBrowser } from './browser/launch.js';
import { BrowserLaunchError, startBrowser, type BrowserStart } from './browser/start.js';
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
import { buildReport, buildReportFrame, normaliseSite, siteFacts, type SiteFacts } from './report/build.js';
import { readRunRecord, RUN_FILE, writeRunRecord, type RunRecord } from './report/run-file.js';
import { rememberFolder } from './atomic-file.js';
import { FileWriteError, scanSiteLines, SITES_FILE, SiteLineWriter, siteLineText, siteOfLine, withSiteEntries, type LineRef, type SiteEntry } from './report/sites-file.js';
import type { AuditReport, Reporter, SiteReport } from './report/types.js';
import { ReportWriteError, writeReports, writeReportsOfSites, type SiteSource } from './report/write.js';
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
  /**
   * Stream each site's result to sites.ndjson in outDir as it is done (with run.json beside it), and build the
   * reports from that file; `resume`: keep the sites that file already holds and scan only the rest.
   */
  stream?: { resume: boolean };
  /**
   * The browser, already starting with this input's settings (browser, mappings, proxy, --connect): the CLI
   * starts it while the pipeline's code loads. The pipeline uses it, or closes it when the run needs none
   * (nothing left to scan, or an error before the scan).
   */
  startedBrowser?: Promise<LaunchedBrowser>;
}

export { BrowserLaunchError };

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

function phaseLine(site: string, phase: PhaseEvidence): string {
  if (phase.status === 'skipped') return `${site} · ${phase.phase}: skipped`;
  const pages = phase.pages.filter((p) => p.ok).length;
  const errors = phase.errors.length > 0 ? `, ${phase.errors.length} page error(s)` : '';
  return `${site} · ${phase.phase}: ${phase.status}, ${pages}/${phase.pages.length} page(s), ${phase.cookies.length} cookie(s), ${phase.storage.length} storage entr${phase.storage.length === 1 ? 'y' : 'ies'}${errors}`;
}

/** How the pipeline starts its browser (and a fresh one when that dies under a site). */
function browserStart(input: PipelineInput): BrowserStart {
  return {
    executablePath: input.browser.executablePath,
    mappings: input.mappings,
    blockThirdPartyCookies: input.blockThirdPartyCookies,
    ...(input.proxy ? { proxy: input.proxy } : {}),
    ...(input.crawl?.connect === undefined ? {} : { connect: input.crawl.connect }),
    timeoutMs: input.timeoutMs,
  };
}

/** --resume was given a folder whose run does not fit this one (other phases, shard or list). */
export class ResumeMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResumeMismatchError';
  }
}

export interface PipelineResult {
  /** The report; when its sites were streamed to sites.ndjson it holds none (`sites: []`): `wholeReport()` reads them. */
  report: AuditReport;
  /** Reads every site back into one report (for renderers that need all of it, e.g. GitHub's job summary). */
  wholeReport(): Promise<AuditReport>;
  files: string[];
  /** Sites no page of which could be loaded, and why. */
  unreachable: Array<{ url: string; reason: string }>;
  /** --timestamp: what the authority's token says. */
  timestamp?: TimestampFacts;
  /** sites.ndjson could not be written: the scan stopped there (exit 3; --resume finishes it). */
  sitesFileError?: FileWriteError;
  /** Report files that could not be written, and those that were. */
  reportWriteError?: ReportWriteError;
  /** With --resume: sites found done in the folder, of all the run's sites. */
  resumed?: { done: number; total: number };
}

/** A site as the run holds it once done: where its line is (or the site itself, when not streamed), its summary facts and findings. */
interface DoneSite {
  ref?: LineRef;
  site?: SiteReport;
  facts: SiteFacts;
  findings: Finding[];
}

export async function runPipeline(input: PipelineInput): Promise<PipelineResult> {
  const started = input.startedBrowser;
  if (started === undefined) return run(input);
  let taken = false;
  const take = () => {
    taken = true;
    return started;
  };
  try {
    return await run(input, take);
  } finally {
    // Not needed after all (nothing to scan, or the run failed before it got there): it goes, profile and all.
    if (!taken) await started.then((browser) => browser.close(), () => undefined);
  }
}

/** `takeStarted`: the browser the caller started (PipelineInput.startedBrowser), once the run needs it. */
async function run(input: PipelineInput, takeStarted?: () => Promise<LaunchedBrowser>): Promise<PipelineResult> {
  let generatedAt = new Date().toISOString();
  const crawl = input.crawl;
  const allTargets = sitesOfShard(groupIntoSites(input.urls, input.policy), crawl?.shard);
  // The scan stops on a signal, or when sites.ndjson cannot be written (nothing more could be recorded).
  const stop = new AbortController();
  const onAbort = () => stop.abort(input.signal?.reason);
  if (input.signal?.aborted) stop.abort(input.signal.reason);
  input.signal?.addEventListener('abort', onAbort, { once: true });
  const { knowledge } = input;
  const done = new Map<string, DoneSite>();
  let writer: SiteLineWriter | undefined;
  let sitesFileError: FileWriteError | undefined;
  const sitesFile = path.join(input.outDir, SITES_FILE);
  const runRecord: RunRecord = {
    tool: { name: 'cookie-audit', version: toolVersion },
    generatedAt,
    phases: input.phases,
    includeValues: input.includeValues,
    failOn: input.failOn,
    ...(crawl?.shard ? { shard: crawl.shard } : {}),
    ...(input.visitor?.device === undefined ? {} : { device: input.visitor.device }),
    ...(knowledge === undefined ? {} : { knowledge: { trackerDatabase: knowledge.trackerDatabase, cookieDatabases: knowledge.cookieDatabases } }),
    sites: allTargets.map((t) => t.url),
  };
  let resumed: PipelineResult['resumed'];
  if (input.stream) {
    let validBytes = 0;
    if (input.stream.resume) {
      const runFile = path.join(input.outDir, RUN_FILE);
      let earlier: RunRecord | undefined;
      try {
        earlier = await readRunRecord(runFile);
      } catch (error) {
        throw new ResumeMismatchError(`--resume: ${(error as Error).message}`);
      }
      if (earlier) {
        for (const key of ['phases', 'includeValues', 'shard'] as const) {
          if (JSON.stringify(earlier[key]) !== JSON.stringify(runRecord[key])) {
            throw new ResumeMismatchError(`--resume ${input.outDir}: that run was made with ${key} ${JSON.stringify(earlier[key] ?? null)}, this one with ${JSON.stringify(runRecord[key] ?? null)}; resume with the same options, or scan into a new --out folder`);
          }
        }
        generatedAt = earlier.generatedAt;
        runRecord.generatedAt = generatedAt;
      }
      const wanted = new Set(runRecord.sites);
      let stranger: string | undefined;
      let scanned;
      try {
        scanned = await scanSiteLines(sitesFile, ({ line, ref }) => {
          const url = line.evidence?.url;
          if (typeof url !== 'string' || !wanted.has(url)) {
            stranger ??= String(url);
            return;
          }
          const site = siteOfLine(line);
          done.set(url, { ref, facts: siteFacts(site), findings: line.findings });
        });
      } catch (error) {
        throw new ResumeMismatchError(`--resume: ${(error as Error).message}; move it away to start the run again`);
      }
      if (stranger !== undefined) {
        throw new ResumeMismatchError(`--resume ${input.outDir}: ${SITES_FILE} holds ${stranger}, which is not a site of this run${crawl?.shard ? ` (shard ${crawl.shard.index}/${crawl.shard.count})` : ''}; resume with the same --urls list and --shard`);
      }
      validBytes = scanned.validBytes;
      resumed = { done: done.size, total: allTargets.length };
      input.log(`Resuming ${input.outDir}: ${done.size} of ${allTargets.length} site${allTargets.length === 1 ? '' : 's'} already done.`);
      // The folder is the run's: what the earlier process wrote there (screenshots, traffic) is covered by SHA256SUMS too.
      rememberFolder(input.outDir);
    }
    writer = await SiteLineWriter.open(sitesFile, validBytes);
    await writeRunRecord(path.join(input.outDir, RUN_FILE), runRecord);
  }
  const targets = allTargets.filter((t) => !done.has(t.url));
  /** Sites an interruption cut short: reported, never recorded as done (a resumed run scans them again). */
  const cutShort = new Map<string, DoneSite>();

  /** A scanned site: classified, audited and (when streaming) appended to sites.ndjson at once; its evidence is then let go. */
  const settle = async (evidence: SiteEvidence): Promise<void> => {
    const site = knowledge === undefined ? evidence : classifySite(evidence, input.policy, knowledge);
    const findings = runAudit([{ site, policy: input.policy, hasPolicy: input.hasPolicy, ...(knowledge === undefined ? {} : { knowledge }) }]);
    const notObserved = new Set(
      findings.filter((f) => f.ruleId === 'declared-not-observed' && f.declaration).map((f) => `${f.declaration?.kind}:${f.declaration?.index}`),
    );
    const raw: SiteReport = {
      evidence: site,
      policyFile: input.hasPolicy ? (input.policy.file ?? null) : null,
      declared: input.hasPolicy ? declarationRefs(input.policy).map((ref) => ({ ...ref, observed: !notObserved.has(`${ref.kind}:${ref.index}`) })) : [],
    };
    if (input.policy.site !== undefined) raw.policySite = input.policy.site;
    const report = normaliseSite(raw, input.includeValues);
    const facts = siteFacts(report);
    if (stop.signal.aborted) {
      cutShort.set(report.evidence.url, { site: report, facts, findings });
      return;
    }
    if (!writer) {
      done.set(report.evidence.url, { site: report, facts, findings });
      return;
    }
    try {
      const ref = await writer.append(siteLineText(report, findings));
      done.set(report.evidence.url, { ref, facts, findings });
    } catch (error) {
      cutShort.set(report.evidence.url, { site: report, facts, findings });
      if (!(error instanceof FileWriteError)) throw error;
      sitesFileError ??= error;
      stop.abort(error.message);
    }
  };

  let launched: LaunchedBrowser | undefined;
  // A shard with no site launches nothing: its (empty) report still lets `merge` check every shard came back.
  if (targets.length > 0 && !stop.signal.aborted) launched = await (takeStarted?.() ?? startBrowser(browserStart(input)));
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
  const holder = launched ? new BrowserHolder(launched, () => startBrowser(browserStart(input))) : undefined;
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
  stop.signal.addEventListener('abort', interrupt, { once: true });
  const notScanned: string[] = [];
  const scanWithRetry = async (target: SiteTarget): Promise<SiteEvidence | undefined> => {
    if (!holder || stop.signal.aborted) {
      notScanned.push(target.url);
      return undefined;
    }
    // A browser that died (or was ended as hung) under an earlier site is replaced before this one starts.
    const used = holder.current.browser.isConnected() ? holder.current : await holder.replace(holder.current);
    const first = await watched(used, (onActivity) => scan(used.browser, used.userAgent, target, onActivity));
    if (stop.signal.aborted || used.browser.isConnected()) return first.site;
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
    await Promise.all(
      targets.map((target) =>
        limit(async () => {
          const evidence = await scanWithRetry(target);
          if (evidence) await settle(evidence);
        }),
      ),
    );
  } finally {
    stop.signal.removeEventListener('abort', interrupt);
    input.signal?.removeEventListener('abort', onAbort);
    // Interrupted: the reports come first (the 5-second promise); the browser's shutdown finishes meanwhile.
    if (stop.signal.aborted) void holder?.closeAll().catch(() => undefined);
    else await holder?.closeAll();
    await writer?.close().catch(() => undefined);
  }

  // The report, in list order, from what each site left: its facts and findings now, its line when written.
  const ordered = allTargets.map((t) => done.get(t.url) ?? cutShort.get(t.url)).filter((d): d is DoneSite => d !== undefined);
  const frame = buildReportFrame({
    facts: ordered.map((d) => d.facts),
    findings: ordered.flatMap((d) => d.findings),
    phases: input.phases,
    includeValues: input.includeValues,
    failOn: input.failOn,
    generatedAt,
    toolVersion,
    ...(crawl?.shard ? { shard: crawl.shard } : {}),
    ...(input.region === undefined ? {} : { region: input.region }),
    // The proxy as report.json states it: where it is, never who signs in to it.
    ...(input.proxy ? { proxy: input.proxy.server } : {}),
    ...(input.visitor?.device === undefined ? {} : { device: input.visitor.device }),
    ...(stop.signal.aborted ? { interrupted: { reason: String(stop.signal.reason ?? 'interrupted'), notScanned } } : {}),
    ...(input.baseline && { baseline: input.baseline }),
    ...(knowledge === undefined ? {} : { knowledge: { trackerDatabase: knowledge.trackerDatabase, cookieDatabases: knowledge.cookieDatabases } }),
  });
  const entries: SiteEntry[] = ordered.map((d) => (d.site ? { site: d.site } : { file: sitesFile, ref: d.ref! }));
  const withSites = <T>(use: (source: SiteSource) => Promise<T>): Promise<T> => withSiteEntries(entries, (read) => use({ count: entries.length, read }));
  let files: string[] = [];
  let reportWriteError: ReportWriteError | undefined;
  try {
    files = await withSites((source) => writeReportsOfSites(frame, source, input.outDir, input.formats, { color: input.color, stdout: input.stdout }));
  } catch (error) {
    if (!(error instanceof ReportWriteError)) throw error;
    reportWriteError = error;
    files = error.written;
  }
  // Not streamed, every site is in memory already: the report returned holds them.
  if (!writer) frame.sites = ordered.map((d) => d.site!);
  // Last: the list of everything the run wrote into --out, and its time stamp (not for a run whose reports
  // could not all be written: a resumed run seals the folder once it is whole).
  const sealed = reportWriteError || sitesFileError ? undefined : await sealFolder(input.outDir, input.timestampUrl);
  if (sealed) files = [...files, ...sealed.files];
  return {
    report: frame,
    wholeReport: async () =>
      !writer ? frame :
      withSites(async (source) => {
        const whole = { ...frame };
        whole.sites = [];
        for (let i = 0; i < source.count; i++) whole.sites.push(await source.read(i));
        return whole;
      }),
    files,
    unreachable: ordered.filter((d) => d.facts.unreachable).map((d) => ({ url: d.facts.url, reason: d.facts.unreachableReason ?? 'no page could be loaded' })),
    ...(sitesFileError ? { sitesFileError } : {}),
    ...(reportWriteError ? { reportWriteError } : {}),
    ...(resumed ? { resumed } : {}),
    ...(sealed?.timestamp ? { timestamp: sealed.timestamp } : {}),
  };
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
export interface EvidenceReport {
  report: AuditReport;
  /** Every file written into --out, SHA256SUMS (and its time stamp) last. */
  files: string[];
  timestamp?: TimestampFacts;
}

export async function reportEvidence(evidence: SiteEvidence[], input: ReportInput): Promise<EvidenceReport> {
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
