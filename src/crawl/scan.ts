/** A scan: for each site, each requested phase in its own clean context. Returns evidence, never throws for a site. */
import { readFileSync } from 'node:fs';
import pLimit from 'p-limit';
import { storageStateValues } from '../evidence/har.js';
import type { Browser, BrowserContext } from 'playwright-core';
import { siteOf } from '../evidence/party.js';
import type { Phase, PhaseEvidence, SiteEvidence } from '../evidence/types.js';
import type { PolicyManifest } from '../policy/types.js';
import { startPagesOnly, type DiscoveryOptions } from './discover.js';
import { describeError } from '../browser/errors.js';
import { BannerScout } from '../consent/scout.js';
import type { ScanEvent } from './events.js';
import { logIn, type LoginPlan } from './login.js';
import { visitorScreen } from '../browser/device.js';
import { PageFeed } from './feed.js';
import { runPhase, type PhaseOptions, type PhaseTarget } from './phase.js';

export interface SiteTarget {
  /** Start URL. */
  url: string;
  /** Pages to visit, start URL first. */
  pages: string[];
  policy: PolicyManifest;
}

export interface ScanOptions extends PhaseOptions {
  phases: Phase[];
  /** How many phase contexts run at once. */
  concurrency: number;
  /** Find more pages than the start URLs (links, sitemaps); absent: visit exactly the given pages. */
  discovery?: DiscoveryOptions;
  /** Sign in first (the manifest's login block, values resolved). */
  login?: LoginPlan;
  onPhaseDone?: (site: string, phase: PhaseEvidence) => void;
  onEvent?: (event: ScanEvent) => void;
}

/** URLs of one origin are pages of one site; each other origin is its own site. Order is kept. */
export function groupIntoSites(urls: readonly string[], policy: PolicyManifest): SiteTarget[] {
  const byOrigin = new Map<string, SiteTarget>();
  for (const url of urls) {
    const origin = new URL(url).origin;
    const site = byOrigin.get(origin);
    if (site) {
      if (!site.pages.includes(url)) site.pages.push(url);
    } else byOrigin.set(origin, { url, pages: [url], policy });
  }
  return [...byOrigin.values()];
}

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** Signs in once in a context of its own and returns the signed-in state for the phases to start from. */
async function signIn(browser: Browser, plan: LoginPlan, options: ScanOptions): Promise<{ ok: true; state: StorageState } | { ok: false; message: string }> {
  let context: BrowserContext;
  try {
    context = await browser.newContext({
      ignoreHTTPSErrors: options.ignoreHttpsErrors,
      locale: options.locale ?? 'en-US',
      acceptDownloads: false,
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...visitorScreen(options),
      ...(options.storageState !== undefined ? { storageState: options.storageState } : {}),
    });
  } catch (error) {
    return { ok: false, message: `could not open a browser context to sign in: ${describeError(error)}` };
  }
  try {
    const result = await logIn(context, plan, options.timeoutMs);
    if (!result.ok) return result;
    return { ok: true, state: await context.storageState() };
  } catch (error) {
    return { ok: false, message: `signing in at ${plan.url} failed: ${describeError(error)}` };
  } finally {
    await context.close().catch(() => undefined);
  }
}

function loginFailed(phase: Phase, url: string, message: string): PhaseEvidence {
  return { phase, status: 'failed', pages: [], cookies: [], storage: [], requests: [], errors: [{ url, phase, kind: 'login', message }] };
}

/**
 * The traffic records must never hold what the visitor signed in with: the values of the storage state
 * (a file or the state after the login) and the login's own values are handed to them as credentials.
 */
function withCredentials(options: PhaseOptions, state: PhaseOptions['storageState'], login: LoginPlan | undefined): PhaseOptions {
  if (!options.traffic) return options;
  let parsed: unknown = state;
  if (typeof state === 'string') {
    try {
      parsed = JSON.parse(readFileSync(state, 'utf8'));
    } catch {
      parsed = undefined; // the context fails on it and says why
    }
  }
  const credentials = [...options.traffic.credentials, ...storageStateValues(parsed), ...(login?.fields.map((f) => f.value) ?? [])];
  return { ...options, traffic: { ...options.traffic, credentials } };
}

/**
 * Every phase visits the same pages, so phases stay comparable: the first phase (usually pre) discovers
 * them while it visits; the others run beside it and visit exactly its list, each level once it is planned.
 */
export async function scanSite(browser: Browser, target: SiteTarget, options: ScanOptions): Promise<SiteEvidence> {
  const start = new URL(target.url);
  const siteDomain = siteOf(start.hostname);
  options.onEvent?.({ type: 'site-start', site: target.url });
  const finish = (phases: PhaseEvidence[]): SiteEvidence => {
    const reachable = phases.some((p) => p.pages.some((v) => v.ok));
    const ran = phases.some((p) => p.status !== 'skipped');
    const evidence: SiteEvidence = {
      url: target.url,
      startPages: [...target.pages],
      siteDomain,
      https: start.protocol === 'https:',
      status: reachable || !ran ? 'ok' : 'unreachable',
      phases,
    };
    options.onEvent?.({ type: 'site-done', site: target.url, evidence });
    return evidence;
  };

  let phaseOptions: PhaseOptions = withCredentials(options, options.storageState, options.login);
  if (options.login) {
    const login = await signIn(browser, options.login, options);
    if (!login.ok) return finish(options.phases.map((phase) => loginFailed(phase, options.login?.url ?? target.url, login.message)));
    phaseOptions = withCredentials({ ...options, storageState: login.state }, login.state, options.login);
  }

  // The pre phase looks for the banner once for the consent phases, which run beside it.
  const scout = options.phases[0] === 'pre' && options.phases.some((p) => p === 'reject' || p === 'accept') ? new BannerScout() : undefined;
  const run = async (phase: Phase, pages: string[], list: Pick<PhaseTarget, 'discovery' | 'publish' | 'follow'> = {}): Promise<PhaseEvidence> => {
    const evidence = await runPhase(
      browser,
      phase,
      { siteDomain, pages, policy: target.policy, ...list, ...(scout ? { scout } : {}) },
      { ...phaseOptions, onProgress: (counts) => options.onEvent?.({ type: 'phase-progress', site: target.url, phase, ...counts }) },
    );
    options.onPhaseDone?.(target.url, evidence);
    options.onEvent?.({ type: 'phase-done', site: target.url, phase: evidence });
    return evidence;
  };

  const results = new Map<Phase, PhaseEvidence>();
  const limit = pLimit(Math.max(1, options.concurrency));
  // A crawl that can find nothing beyond the start pages (--max-pages 1 on one start URL) runs every phase at once.
  const only = options.discovery ? startPagesOnly(target.pages, options.discovery) : undefined;
  if (!options.discovery || only) {
    const pages = only ?? target.pages;
    await Promise.all(options.phases.map((phase) => limit(async () => results.set(phase, await run(phase, pages)))));
  } else {
    // The first phase discovers; the others follow its list level by level while it goes on (src/crawl/feed.ts).
    // It is queued first, and it never waits for them: however few phases run at once, the list gets built.
    const [first, ...others] = options.phases;
    const feed = new PageFeed();
    const discovery = options.discovery;
    await Promise.all([
      ...(first ? [limit(async () => results.set(first, await run(first, target.pages, { discovery, publish: feed }).finally(() => feed.end())))] : []),
      ...others.map((phase) => limit(async () => results.set(phase, await run(phase, target.pages, { follow: feed })))),
    ]);
  }
  return finish(options.phases.map((phase) => results.get(phase)!));
}
