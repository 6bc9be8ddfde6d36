/** A scan: for each site, each requested phase in its own clean context. Returns evidence, never throws for a site. */
import pLimit from 'p-limit';
import type { Browser } from 'playwright-core';
import { siteOf } from '../evidence/party.js';
import type { Phase, PhaseEvidence, SiteEvidence } from '../evidence/types.js';
import type { PolicyManifest } from '../policy/types.js';
import { runPhase, type PhaseOptions } from './phase.js';

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
  onPhaseDone?: (site: string, phase: PhaseEvidence) => void;
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

export async function scanSite(browser: Browser, target: SiteTarget, options: ScanOptions): Promise<SiteEvidence> {
  const start = new URL(target.url);
  const siteDomain = siteOf(start.hostname);
  const limit = pLimit(Math.max(1, options.concurrency));
  const phases = await Promise.all(
    options.phases.map((phase) =>
      limit(async () => {
        const evidence = await runPhase(browser, phase, { siteDomain, pages: target.pages, policy: target.policy }, options);
        options.onPhaseDone?.(target.url, evidence);
        return evidence;
      }),
    ),
  );
  const reachable = phases.some((p) => p.pages.some((v) => v.ok));
  const ran = phases.some((p) => p.status !== 'skipped');
  return {
    url: target.url,
    siteDomain,
    https: start.protocol === 'https:',
    status: reachable || !ran ? 'ok' : 'unreachable',
    phases,
  };
}
