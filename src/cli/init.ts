/**
 * `cookie-audit init <url> [-o policy.yaml]`: scan the site in every phase and write a draft policy
 * manifest declaring everything observed, with the databases' categories and the real lifetimes,
 * each guess marked in a comment. A scan against the fresh draft has no undeclared-* finding.
 */
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { draftManifest } from '../knowledge/draft.js';
import { BrowserLaunchError, runPipeline } from '../pipeline.js';
import { emptyPolicy, parsePolicy, PolicyLoadError, formatPolicyError } from '../policy/load.js';
import type { ConsentStep, PolicyManifest } from '../policy/types.js';
import { CliError, EXIT, usageError, whyUnscannable } from './errors.js';
import { loadCliKnowledge, type RawKnowledgeOptions } from './knowledge.js';
import { parseConsentWait, parseMappings, parsePhases, parseTimeout, parseUrl, parseVisitor } from './options.js';
import { locateBrowser } from './scan.js';

export interface RawInitOptions extends RawKnowledgeOptions {
  output?: string;
  force?: boolean;
  accept: string[];
  reject: string[];
  phases?: string;
  resolve: string[];
  ignoreHttpsErrors?: boolean;
  browser?: string;
  timeout: string;
  blockThirdPartyCookies?: boolean;
  locale?: string;
  timezone?: string;
  userAgent?: string;
  consentWait?: string;
}

/** One --accept is a selector to click; several are clicks in order (settings, untick, save). */
export function consentStep(selectors: readonly string[], option: string): ConsentStep | undefined {
  const clean = selectors.map((s) => s.trim());
  if (clean.some((s) => s === '')) throw usageError(`${option} needs a CSS selector, e.g. ${option} "#accept-all"`);
  if (clean.length === 0) return undefined;
  return clean.length === 1 ? { selector: clean[0]! } : { clicks: clean };
}

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, text, 'utf8');
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw usageError(`-o ${file}: cannot write the draft there (${code}); choose a writable path`);
  }
}

export async function runInit(rawUrls: string[], raw: RawInitOptions): Promise<number> {
  if (rawUrls.length === 0) throw usageError('init: give the start URL of the site, e.g. cookie-audit init https://example.com/ -o cookie-policy.yaml');
  const urls = rawUrls.map(parseUrl);
  const origins = new Set(urls.map((u) => new URL(u).origin));
  if (origins.size > 1) throw usageError(`init drafts one site's policy: give pages of one origin (got ${[...origins].join(', ')})`);
  const timeoutMs = parseTimeout(raw.timeout);
  const visitor = parseVisitor(raw);
  const consentWaitMs = raw.consentWait === undefined ? undefined : parseConsentWait(raw.consentWait);
  const mappings = parseMappings(raw.resolve);
  const phases = parsePhases(raw.phases, false);
  const accept = consentStep(raw.accept, '--accept');
  const reject = consentStep(raw.reject, '--reject');
  if (raw.output !== undefined && existsSync(raw.output) && !raw.force) {
    throw usageError(`-o ${raw.output}: the file exists; pass --force to overwrite it, or choose another name`);
  }
  const knowledge = await loadCliKnowledge(raw);
  const browser = locateBrowser(raw.browser);

  const policy: PolicyManifest = emptyPolicy();
  if (accept !== undefined) policy.consent.accept = accept;
  if (reject !== undefined) policy.consent.reject = reject;
  // The pipeline writes no report here; its folder only receives banner screenshots, thrown away after.
  const scratch = mkdtempSync(join(tmpdir(), 'cookie-audit-init-'));
  let sites;
  try {
    const { report } = await runPipeline({
      urls,
      policy,
      hasPolicy: false,
      phases,
      outDir: scratch,
      formats: [],
      failOn: 'never',
      includeValues: false,
      ignoreHttpsErrors: raw.ignoreHttpsErrors === true,
      timeoutMs,
      idleMs: Math.min(5000, timeoutMs),
      ...(consentWaitMs === undefined ? {} : { consentWaitMs }),
      visitor,
      browser,
      mappings,
      blockThirdPartyCookies: raw.blockThirdPartyCookies === true,
      color: false,
      stdout: process.stdout,
      log: (line) => process.stderr.write(`${line}\n`),
      knowledge,
    });
    sites = report.sites.map((s) => s.evidence);
  } catch (error) {
    if (error instanceof BrowserLaunchError) throw new CliError(error.message, EXIT.unscannable);
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const unreachable = sites.filter((s) => s.status === 'unreachable');
  if (unreachable.length === sites.length) {
    throw new CliError(`could not scan ${urls[0]}: ${whyUnscannable(unreachable.flatMap((s) => s.phases))}; no draft written`, EXIT.unscannable);
  }

  const text = draftManifest(sites, knowledge, { ...(accept === undefined ? {} : { accept }), ...(reject === undefined ? {} : { reject }) });
  // The draft must be a valid manifest; if it is not, that is a bug here, not the user's problem to debug.
  let draft: PolicyManifest;
  try {
    draft = parsePolicy(text, raw.output ?? 'draft');
  } catch (error) {
    if (error instanceof PolicyLoadError) throw new Error(`the draft manifest is invalid (${error.errors.map(formatPolicyError).join('; ')})`);
    throw error;
  }
  if (raw.output === undefined) process.stdout.write(text);
  else writeAtomically(raw.output, text);
  const unknown = (text.match(/^\s*# UNKNOWN:/gm) ?? []).length;
  process.stderr.write(
    `Draft ${raw.output === undefined ? 'printed' : `written to ${raw.output}`}: ${draft.cookies.length} cookie(s), ${draft.storage.length} storage entr${draft.storage.length === 1 ? 'y' : 'ies'}, ${draft.thirdParties.length} third part${draft.thirdParties.length === 1 ? 'y' : 'ies'}; ` +
      `${unknown} marked UNKNOWN. Review every guess before committing it.\n`,
  );
  // Whatever operates the banner (these selectors, or automatic detection), say when accepting did not happen.
  const accepted = sites.some((s) => s.phases.some((p) => p.phase === 'accept' && p.status === 'completed' && p.consent?.succeeded === true));
  if (!accepted) {
    process.stderr.write('Note: the banner was not accepted in this scan, so cookies set only after consent are missing; give --accept "<selector>" (and --reject) and run init again.\n');
  }
  return EXIT.ok;
}
