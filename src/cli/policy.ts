/**
 * `cookie-audit policy extract <url-or-file>`: a draft manifest from a published cookie policy page, and
 * the same reading for `scan --policy-url`. URLs are loaded in Chromium (with --resolve and
 * --ignore-https-errors, like a scan); files are read as they are.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { writeFileAtomically } from '../atomic-file.js';
import path from 'node:path';
import { BrowserNotFoundError, findBrowser, type FoundBrowser } from '../browser/find.js';
import type { HostMapping } from '../browser/resolve.js';
import { fetchPageHtml, PageFetchError } from '../crawl/fetch-page.js';
import { draftYaml, extractPolicy, type ExtractResult } from '../policy/extract.js';
import { loadPolicy, parsePolicy, PolicyLoadError } from '../policy/load.js';
import { policyDocument } from '../policy/render/document.js';
import { policyHtml } from '../policy/render/html.js';
import { policyMarkdown } from '../policy/render/markdown.js';
import type { PolicyManifest } from '../policy/types.js';
import type { Knowledge } from '../knowledge/types.js';
import { CliError, EXIT, usageError } from './errors.js';
import { loadCliKnowledge } from './knowledge.js';
import { parseMappings, parseTimeout, parseUrl, prepareOutDir } from './options.js';
import { policyCliError } from './validate.js';

export interface RawPolicyExtractOptions {
  output?: string;
  /** --cookie-db: the local known-cookie database that fills in what the page leaves out. */
  cookieDb?: string;
  resolve: string[];
  ignoreHttpsErrors?: boolean;
  browser?: string;
  timeout: string;
}

export interface PublishedPolicy {
  /** Where the page was read from (the final URL after redirects, or the file). */
  source: string;
  result: ExtractResult;
  yaml: string;
}

/** The known-cookie databases (built-in, then the local one): names in prose they know, categories a page leaves out. */
/** The known-cookie lookup the reading of a policy page uses: the same databases the audit uses. */
type KnownCookies = (name: string) => ReturnType<Knowledge['cookie']>;

function knownCookies(knowledge: Knowledge): KnownCookies {
  return (name) => knowledge.cookie(name);
}

const isUrl = (text: string) => /^https?:\/\//i.test(text);

function locateBrowser(explicit: string | undefined): FoundBrowser {
  try {
    return findBrowser({ explicit });
  } catch (error) {
    if (error instanceof BrowserNotFoundError) throw new CliError(error.message, error.reason === 'invalid' ? EXIT.usage : EXIT.unscannable);
    throw error;
  }
}

/** Reads and drafts the policy at a URL; bad or unreachable pages are one usage-error line. */
export async function readPublishedPolicy(
  url: string,
  options: { browser: FoundBrowser; mappings: readonly HostMapping[]; ignoreHttpsErrors: boolean; timeoutMs: number; known: KnownCookies },
): Promise<PublishedPolicy> {
  let page;
  try {
    page = await fetchPageHtml(url, options);
  } catch (error) {
    if (error instanceof PageFetchError) {
      throw usageError(`policy page ${url} could not be loaded (${error.message}); check the URL, --resolve and --ignore-https-errors`);
    }
    throw error;
  }
  const result = extractPolicy(page.html, { known: options.known });
  return { source: page.url, result, yaml: draftYaml(result, page.url) };
}

async function readPolicyFile(file: string, known: KnownCookies): Promise<PublishedPolicy> {
  let html: string;
  try {
    html = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw usageError(`${file}: cannot read it (${code}); give a policy page URL (https://…) or a saved .html file`);
  }
  const result = extractPolicy(html, { known });
  return { source: file, result, yaml: draftYaml(result, file) };
}

export async function runPolicyExtract(source: string, raw: RawPolicyExtractOptions): Promise<number> {
  const timeoutMs = parseTimeout(raw.timeout);
  const known = knownCookies(await loadCliKnowledge(raw.cookieDb === undefined ? {} : { cookieDb: raw.cookieDb }));
  const policy = isUrl(source)
    ? await readPublishedPolicy(parseUrl(source), {
        browser: locateBrowser(raw.browser),
        mappings: parseMappings(raw.resolve),
        ignoreHttpsErrors: raw.ignoreHttpsErrors === true,
        timeoutMs,
        known,
      })
    : await readPolicyFile(source, known);
  const { manifest } = policy.result;
  const found = manifest.cookies.length + manifest.storage.length + manifest.thirdParties.length;
  if (found === 0) {
    process.stderr.write(`cookie-audit: found no cookie declarations in ${policy.source}; the draft is empty. Is this the cookie policy page?\n`);
  } else {
    process.stderr.write(
      `Drafted ${manifest.cookies.length} cookie(s), ${manifest.storage.length} storage entr${manifest.storage.length === 1 ? 'y' : 'ies'}, ` +
        `${manifest.thirdParties.length} third part${manifest.thirdParties.length === 1 ? 'y' : 'ies'} from ${policy.source}; ` +
        `${policy.result.review.length} marked for review.\n`,
    );
  }
  if (raw.output !== undefined) {
    await writeAtomically(raw.output, policy.yaml);
    process.stderr.write(`Wrote ${raw.output}\n`);
  } else {
    await new Promise<void>((resolve, reject) => process.stdout.write(policy.yaml, (error) => (error ? reject(error) : resolve())));
  }
  return EXIT.ok;
}

/**
 * `scan --policy-url`: the published page becomes the manifest. The draft is written into --out as
 * published-policy.yaml and loaded from there like any manifest, so findings and SARIF locations point
 * at lines a person can open, and the reading itself is part of the evidence.
 */
export async function loadPublishedPolicy(
  raw: { policy?: string; policyUrl?: string; out: string; browser?: string; ignoreHttpsErrors?: boolean },
  mappings: readonly HostMapping[],
  timeoutMs: number,
  ignoreHttpsErrors: boolean,
  knowledge: Knowledge,
): Promise<{ policy: PolicyManifest; hasPolicy: true }> {
  if (raw.policy !== undefined) throw usageError('--policy and --policy-url both given; audit against one: the manifest file or the published page');
  const url = parseUrl(raw.policyUrl ?? '');
  const outDir = prepareOutDir(raw.out);
  // Read with the scan's own databases (--cookie-db, --trackers): the draft and the audit know the same cookies.
  const published = await readPublishedPolicy(url, { browser: locateBrowser(raw.browser), mappings, ignoreHttpsErrors, timeoutMs, known: knownCookies(knowledge) });
  const file = path.join(outDir, PUBLISHED_POLICY_FILE);
  // Written like the reports, so the run's SHA256SUMS covers it.
  await writeFileAtomically(file, published.yaml);
  const { manifest } = published.result;
  process.stderr.write(
    `Policy read from ${published.source}: ${manifest.cookies.length} cookie(s), ${manifest.storage.length} storage, ${manifest.thirdParties.length} third part${manifest.thirdParties.length === 1 ? 'y' : 'ies'} (draft in ${file})\n`,
  );
  try {
    return { policy: parsePolicy(published.yaml, file), hasPolicy: true };
  } catch (error) {
    if (error instanceof PolicyLoadError) throw policyCliError(error);
    throw error;
  }
}

export const PUBLISHED_POLICY_FILE = 'published-policy.yaml';

export interface RawPolicyRenderOptions {
  format: string;
  output?: string;
}

/** `cookie-audit policy render <manifest>`: the human-readable cookie policy a manifest describes, Markdown or HTML. */
export async function runPolicyRender(file: string, raw: RawPolicyRenderOptions): Promise<number> {
  const format = raw.format.trim().toLowerCase();
  if (format !== 'md' && format !== 'html') throw usageError(`--format "${raw.format}": use md (Markdown, the default) or html`);
  let manifest: PolicyManifest;
  try {
    manifest = await loadPolicy(file);
  } catch (error) {
    if (error instanceof PolicyLoadError) throw policyCliError(error);
    throw error;
  }
  const doc = policyDocument(manifest);
  const text = format === 'html' ? policyHtml(doc) : policyMarkdown(doc);
  if (raw.output === undefined) {
    await new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
    return EXIT.ok;
  }
  await writeAtomically(raw.output, text);
  process.stderr.write(`Wrote ${raw.output}\n`);
  return EXIT.ok;
}

async function writeAtomically(output: string, text: string): Promise<void> {
  const temporary = `${output}.tmp-${process.pid}`;
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, output);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw usageError(`--output ${output}: cannot write it (${code}); choose a writable path`);
  }
}
