/** `cookie-audit scan`: check every input before launching anything, run the pipeline, pick the exit code. */
import path from 'node:path';
import { BrowserNotFoundError, findBrowser, type FoundBrowser } from '../browser/find.js';
import type { HostMapping } from '../browser/resolve.js';
import type { PipelineResult } from '../pipeline.js';
import { BrowserLaunchError, startBrowser } from '../browser/start.js';
import { FileWriteError } from '../report/sites-file.js';
import { parseProxy, parseRegion, ProxySyntaxError, type ProxySettings } from '../browser/proxy.js';
import { emptyPolicy, loadPolicy, PolicyLoadError } from '../policy/load.js';
import type { PolicyManifest } from '../policy/types.js';
import { CliError, EXIT, usageError } from './errors.js';
import {
  parseConsentWait,
  parseFailOn,
  parseFormatList,
  parseMappings,
  parsePhases,
  parseStallTimeout,
  parseTimeout,
  parseTimestampUrl,
  parseUrl,
  parseUrlAt,
  parseVisitor,
  prepareOutDir,
  type RawScanOptions,
} from './options.js';
import { loadCliKnowledge } from './knowledge.js';
import { parseCrawlOptions, readUrlList } from './crawl-options.js';
import { createProgress } from './progress.js';
import { policyCliError } from './validate.js';
import { readBaselineFile } from './baseline.js';

export interface ScanOverrides {
  /** Mappings added by the caller (the demo's fixture hosts). */
  extraMappings?: HostMapping[];
  ignoreHttpsErrors?: boolean;
  /** The demo passes its own manifest. */
  policyFile?: string;
}

async function readPolicy(file: string | undefined): Promise<{ policy: PolicyManifest; hasPolicy: boolean }> {
  if (file === undefined) return { policy: emptyPolicy(), hasPolicy: false };
  try {
    return { policy: await loadPolicy(file), hasPolicy: true };
  } catch (error) {
    if (error instanceof PolicyLoadError) throw policyCliError(error);
    throw error;
  }
}

export function locateBrowser(explicit: string | undefined): FoundBrowser {
  try {
    return findBrowser({ explicit });
  } catch (error) {
    if (error instanceof BrowserNotFoundError) {
      throw new CliError(error.message, error.reason === 'invalid' ? EXIT.usage : EXIT.unscannable);
    }
    throw error;
  }
}

export async function runScan(rawUrls: string[], raw: RawScanOptions, overrides: ScanOverrides = {}): Promise<number> {
  // Bad input is reported before a browser starts: cheapest checks first.
  const urls = rawUrls.map(parseUrl);
  if (raw.urls !== undefined) urls.push(...readUrlList(raw.urls, parseUrlAt));
  if (urls.length === 0) throw usageError('no URL given; pass at least one start URL, e.g. cookie-audit scan https://example.com/');
  const formats = parseFormatList(raw.format);
  const failOn = parseFailOn(raw.failOn);
  const timeoutMs = parseTimeout(raw.timeout);
  const consentWaitMs = raw.consentWait === undefined ? undefined : parseConsentWait(raw.consentWait);
  const stallMs = raw.stallTimeout === undefined ? undefined : parseStallTimeout(raw.stallTimeout);
  const visitor = parseVisitor(raw);
  if (raw.evidenceBodies === true && raw.evidence !== true) throw usageError('--evidence-bodies keeps response bodies in the traffic records; add --evidence to write them');
  const { proxy, region } = parseVisitorOrigin(raw, process.env);
  const timestampUrl = raw.timestamp === undefined ? undefined : parseTimestampUrl(raw.timestamp);
  const mappings = [...(overrides.extraMappings ?? []), ...parseMappings(raw.resolve)];
  const baseline = raw.baseline === undefined ? undefined : await readBaselineFile(raw.baseline);
  const knowledge = await loadCliKnowledge(raw);
  const ignoreHttpsErrors = overrides.ignoreHttpsErrors ?? raw.ignoreHttpsErrors === true;
  const { policy, hasPolicy } =
    raw.policyUrl !== undefined && overrides.policyFile === undefined
      ? await (await import('./policy.js')).loadPublishedPolicy(raw, mappings, timeoutMs, ignoreHttpsErrors, knowledge)
      : await readPolicy(overrides.policyFile ?? raw.policy);
  const phases = parsePhases(raw.phases, policy.consent.honorsGpc === true);
  const crawl = parseCrawlOptions(raw, policy, process.env, raw.resolve.length > 0);
  if (raw.resume !== undefined && raw.out !== 'reports' && path.resolve(raw.out) !== path.resolve(raw.resume)) {
    throw usageError(`--resume ${raw.resume} and --out ${raw.out} name different folders; a resumed run writes into the folder it resumes: drop --out`);
  }
  const outDir = prepareOutDir(raw.resume ?? raw.out);
  // A list of sites streams each site's result to sites.ndjson as it is done (and can be resumed from it).
  const stream = raw.urls !== undefined || raw.resume !== undefined;
  // A remote browser (--connect) needs no local one.
  if (crawl.connect !== undefined && raw.browser !== undefined) {
    throw usageError('--browser and --connect both given; a scan uses one browser: drop --browser to use the remote one, or --connect to launch the local one');
  }
  if (crawl.connect !== undefined && proxy !== undefined) {
    throw usageError('--proxy and --connect both given; the proxy is set when cookie-audit launches the browser: configure the remote browser\'s own proxy, or drop --connect');
  }
  const browser = crawl.connect === undefined ? locateBrowser(raw.browser) : { executablePath: crawl.connect, source: 'flag' as const };
  const progress = createProgress({ stream: process.stderr, env: process.env });

  const color = raw.color !== false && process.stdout.isTTY === true && !process.env['NO_COLOR'];
  let result: PipelineResult;
  const stop = stopOnSignals();
  // Every input is checked: the browser starts now (about half a second), while the code of the pipeline, the
  // audit and the reports loads (about a third of one); the pipeline uses it, or closes it if it needs none.
  const blockThirdPartyCookies = raw.blockThirdPartyCookies === true;
  const startedBrowser = startBrowser({
    executablePath: browser.executablePath,
    mappings,
    blockThirdPartyCookies,
    ...(proxy ? { proxy } : {}),
    ...(crawl.connect === undefined ? {} : { connect: crawl.connect }),
    timeoutMs,
  });
  // Awaited by the pipeline, or closed by it; never left to reject unheard meanwhile.
  startedBrowser.catch(() => undefined);
  let code: [typeof import('../pipeline.js'), typeof import('../integrity/timestamp.js')];
  try {
    code = await Promise.all([import('../pipeline.js'), import('../integrity/timestamp.js')]);
  } catch (error) {
    await startedBrowser.then((started) => started.close(), () => undefined);
    throw error;
  }
  const [{ runPipeline, ResumeMismatchError }, { TimestampError }] = code;
  try {
    result = await runPipeline({
      urls,
      policy,
      hasPolicy,
      phases,
      outDir,
      formats,
      failOn,
      includeValues: raw.includeValues === true,
      ignoreHttpsErrors,
      timeoutMs,
      idleMs: Math.min(5000, timeoutMs),
      ...(consentWaitMs === undefined ? {} : { consentWaitMs }),
      ...(stallMs === undefined ? {} : { stallMs }),
      browser,
      mappings,
      blockThirdPartyCookies,
      color,
      ...(timestampUrl === undefined ? {} : { timestampUrl }),
      ...(proxy ? { proxy } : {}),
      ...(region === undefined ? {} : { region }),
      ...(raw.evidence === true ? { traffic: { bodies: raw.evidenceBodies === true } } : {}),
      stdout: process.stdout,
      log: (line) => process.stderr.write(`${line}\n`),
      knowledge,
      visitor,
      crawl,
      onEvent: (event) => progress.onEvent(event),
      ...(baseline && { baseline }),
      signal: stop.signal,
      ...(stream ? { stream: { resume: raw.resume !== undefined } } : {}),
      startedBrowser,
    });
  } catch (error) {
    if (error instanceof BrowserLaunchError) throw new CliError(error.message, EXIT.unscannable);
    if (error instanceof TimestampError) {
      throw new CliError(`the reports and SHA256SUMS are written in ${outDir}, but not time-stamped: ${error.message}; check the --timestamp URL, or run without it`, EXIT.unscannable);
    }
    if (error instanceof ResumeMismatchError) throw usageError(error.message);
    if (error instanceof FileWriteError) throw new CliError(`${error.message}; nothing was scanned: free space or choose a writable --out folder`, EXIT.unscannable);
    throw error;
  } finally {
    stop.dispose();
    progress.stop();
  }
  const env = process.env;
  if (env['GITHUB_ACTIONS'] === 'true' || env['GITHUB_STEP_SUMMARY']) {
    const { publishToGitHub } = await import('./github.js');
    await publishToGitHub(await result.wholeReport(), formats, env, process.stdout, (line) => process.stderr.write(`${line}\n`));
  }
  if (raw.includeValues) process.stderr.write('Note: --include-values is on; the reports contain cookie and storage values, which may be secrets.\n');
  for (const site of result.unreachable) process.stderr.write(`cookie-audit: could not scan ${site.url}: ${site.reason}\n`);
  if (result.files.length > 0) process.stderr.write(`Reports: ${result.files.join(', ')}\n`);
  if (result.timestamp) process.stderr.write(`SHA256SUMS time-stamped ${result.timestamp.genTime} by ${result.timestamp.signer}\n`);
  const finish = stream ? `free space, then run the same command with --resume ${outDir} to finish` : 'free space, then scan again';
  if (result.sitesFileError) {
    process.stderr.write(`cookie-audit: ${result.sitesFileError.message}; the scan stopped with ${result.report.summary.sites} site(s) done: ${finish}\n`);
  }
  if (result.reportWriteError) {
    const { failed, written } = result.reportWriteError;
    for (const f of failed) process.stderr.write(`cookie-audit: could not write ${f.file}: ${f.reason}\n`);
    process.stderr.write(`cookie-audit: ${written.length > 0 ? `written: ${written.join(', ')}` : 'no report file was written'}; ${finish}\n`);
  }
  if (result.sitesFileError || result.reportWriteError) return EXIT.unscannable;
  return result.report.summary.exitCode;
}

/** --proxy (credentials from the environment) and --region: bad values are one line and exit 2. */
function parseVisitorOrigin(raw: RawScanOptions, env: NodeJS.ProcessEnv): { proxy?: ProxySettings; region?: string } {
  try {
    return {
      ...(raw.proxy === undefined ? {} : { proxy: parseProxy(raw.proxy, env) }),
      ...(raw.region === undefined ? {} : { region: parseRegion(raw.region) }),
    };
  } catch (error) {
    if (error instanceof ProxySyntaxError) throw usageError(error.message);
    throw error;
  }
}

/**
 * SIGINT/SIGTERM: stop scanning, then audit and write what was gathered, marked partial. A second signal,
 * or reports not written within 5 s, ends the process at once (exit 130).
 */
function stopOnSignals(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let deadline: NodeJS.Timeout | undefined;
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`cookie-audit: ${name} received; stopping the scan and writing partial reports…\n`);
    controller.abort(name);
    deadline = setTimeout(() => {
      process.stderr.write('cookie-audit: partial reports could not be written within 5 s; exiting\n');
      process.exit(130);
    }, 5000);
    deadline.unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
