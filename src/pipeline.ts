/**
 * The whole path, stage by stage: launch → crawl (evidence) → audit (policy) → report.
 * Each stage returns a new value; nothing here parses arguments or picks exit codes.
 */
import type { Writable } from 'node:stream';
import { runAudit } from './audit/run.js';
import type { Severity } from './audit/types.js';
import type { FoundBrowser } from './browser/find.js';
import { launchBrowser, type LaunchedBrowser } from './browser/launch.js';
import type { HostMapping } from './browser/resolve.js';
import { groupIntoSites, scanSite } from './crawl/scan.js';
import type { Phase, PhaseEvidence, SiteEvidence } from './evidence/types.js';
import { toolVersion } from './package-info.js';
import { declarationRefs } from './policy/match.js';
import type { PolicyManifest } from './policy/types.js';
import { buildReport } from './report/build.js';
import type { AuditReport, Reporter, SiteReport } from './report/types.js';
import { writeReports } from './report/write.js';

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
  browser: FoundBrowser;
  mappings: HostMapping[];
  blockThirdPartyCookies: boolean;
  color: boolean;
  stdout: Writable;
  /** Progress lines (stderr). */
  log: (line: string) => void;
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

export async function runPipeline(input: PipelineInput): Promise<{ report: AuditReport; files: string[] }> {
  const generatedAt = new Date().toISOString();
  let launched: LaunchedBrowser;
  try {
    launched = await launchBrowser({
      executablePath: input.browser.executablePath,
      mappings: input.mappings,
      blockThirdPartyCookies: input.blockThirdPartyCookies,
    });
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new BrowserLaunchError(`Chromium at ${input.browser.executablePath} could not start: ${first}`);
  }
  const evidence: SiteEvidence[] = [];
  try {
    for (const target of groupIntoSites(input.urls, input.policy)) {
      evidence.push(
        await scanSite(launched.browser, target, {
          phases: input.phases,
          concurrency: 3,
          timeoutMs: input.timeoutMs,
          idleMs: input.idleMs,
          includeValues: input.includeValues,
          ignoreHttpsErrors: input.ignoreHttpsErrors,
          userAgent: launched.userAgent,
          onPhaseDone: (site, phase) => input.log(phaseLine(site, phase)),
        }),
      );
    }
  } finally {
    await launched.close();
  }

  const findings = runAudit(evidence.map((site) => ({ site, policy: input.policy, hasPolicy: input.hasPolicy })));
  const sites: SiteReport[] = evidence.map((site) => {
    const notObserved = new Set(
      findings
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
    generatedAt,
    toolVersion,
  });
  const files = await writeReports(report, input.outDir, input.formats, { color: input.color, stdout: input.stdout });
  return { report, files };
}
