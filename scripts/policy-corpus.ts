/**
 * The policy-reading corpus (fixtures/policies/): published cookie policies in the shapes real ones take,
 * each `<name>.html` with `<name>.expected.yaml`, what a careful person takes from it. Scoring compares
 * what `policy extract` drafts with that: precision and recall of cookie (and storage) names, whether the
 * category and lifetime are right on the names found, the third parties, and the forbidden categories.
 *
 * Used by `npm run policy:score` (scripts/policy-score.ts) and tests/policy/corpus.test.ts. Pages marked
 * `render: script` draw their declaration with a script and are read after Chromium renders them, as
 * `policy extract <url>` reads them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { FoundBrowser } from '../src/browser/find.js';
import { fetchPageHtml } from '../src/crawl/fetch-page.js';
import { parseDuration } from '../src/policy/duration.js';
import { extractPolicy, type DraftManifest, type KnownCookieLookup } from '../src/policy/extract.js';
import { CATEGORIES, type Category } from '../src/policy/types.js';
import { fixturesDir } from '../src/package-info.js';

export const CORPUS_DIR = join(fixturesDir, 'policies');

/** What a careful reader takes from one page. */
export interface ExpectedPolicy {
  render: 'static' | 'script';
  cookies: { name: string; category: Category; expires?: string }[];
  storage: { key: string; type: string; category: Category }[];
  thirdParties: { name: string; category: Category }[];
  forbidden: Category[];
  /**
   * The expected.json layout (a folder of real pages, scored as the held-out corpus is): third parties as
   * lower-case substrings of the drafted names, those the page says it uses (`must`) and those it says it
   * does not (`denied`); storage entries are not scored there.
   */
  thirdPartyNames?: { must: string[]; denied: string[] };
}

export interface CorpusPage {
  name: string;
  file: string;
  expected: ExpectedPolicy;
  /** The page's shape in a person's words (a real corpus' SOURCE.md), for the list of shapes that fail. */
  shape?: string;
}

/** One page's counts; rates are computed over the whole corpus from the sums. */
export interface PageScore {
  page: string;
  expectedNames: number;
  foundNames: number;
  rightNames: number;
  rightCategory: number;
  lifetimesChecked: number;
  rightLifetime: number;
  expectedThirdParties: number;
  foundThirdParties: number;
  rightThirdParties: number;
  forbiddenRight: boolean;
  /** Third parties drafted that the page says it does not use. */
  deniedDrafted: number;
  /** What differs, for a person fixing the reader: "missed x", "extra y", "x: category a, expected b". */
  differences: string[];
}

const isCategory = (value: unknown): value is Category => typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);

/** Reads and checks one expected file; a malformed one is an error naming the file and the field. */
export function parseExpected(text: string, file: string): ExpectedPolicy {
  const raw = (parseYaml(text) ?? {}) as Record<string, unknown>;
  const fail = (what: string): never => {
    throw new Error(`${file}: ${what}`);
  };
  const list = (key: string): Record<string, unknown>[] => {
    const value = raw[key] ?? [];
    if (!Array.isArray(value)) return fail(`${key} must be a list`);
    return value as Record<string, unknown>[];
  };
  const render = raw['render'] ?? 'static';
  if (render !== 'static' && render !== 'script') fail('render must be static or script');
  const cookies = list('cookies').map((c, i) => {
    if (typeof c['name'] !== 'string' || !isCategory(c['category'])) fail(`cookies[${i}] needs a name and a category`);
    if (c['expires'] !== undefined) parseDuration(String(c['expires']));
    return { name: String(c['name']), category: c['category'] as Category, ...(c['expires'] !== undefined && { expires: String(c['expires']) }) };
  });
  const storage = list('storage').map((s, i) => {
    if (typeof s['key'] !== 'string' || typeof s['type'] !== 'string' || !isCategory(s['category'])) fail(`storage[${i}] needs a key, a type and a category`);
    return { key: String(s['key']), type: String(s['type']), category: s['category'] as Category };
  });
  const thirdParties = list('thirdParties').map((t, i) => {
    if (typeof t['name'] !== 'string' || !isCategory(t['category'])) fail(`thirdParties[${i}] needs a name and a category`);
    return { name: String(t['name']), category: t['category'] as Category };
  });
  const forbidden = (raw['forbidden'] ?? []) as unknown[];
  if (!Array.isArray(forbidden) || !forbidden.every(isCategory)) fail('forbidden must be a list of categories');
  return { render: render as ExpectedPolicy['render'], cookies, storage, thirdParties, forbidden: forbidden as Category[] };
}

/** Every page of the corpus, sorted by file name: `<name>.expected.yaml` beside each page, or one expected.json. */
export function readCorpus(dir: string = CORPUS_DIR): CorpusPage[] {
  if (existsSync(join(dir, 'expected.json'))) return readJsonCorpus(dir);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.html$/, '');
      const expectedFile = join(dir, `${name}.expected.yaml`);
      return { name, file: join(dir, f), expected: parseExpected(readFileSync(expectedFile, 'utf8'), expectedFile) };
    });
}

/** expected.json as the real-page corpora write it: cookies NAME → [category, hours or null]; 0 hours is a session cookie. */
interface JsonExpected {
  pages: Record<string, { cookies?: Record<string, [string, number | null]>; thirdParties?: { must?: string[]; denied?: string[] }; forbidden?: string[]; note?: string }>;
}

/** Hours as the manifest grammar writes them: 0 is "session", 0.1667 h is 600 s. */
const hoursText = (hours: number): string => (hours === 0 ? 'session' : `${hours} h`);

/** The shape column of SOURCE.md's table of pages, by file name. */
function shapesOf(dir: string): Map<string, string> {
  const shapes = new Map<string, string>();
  const source = join(dir, 'SOURCE.md');
  if (!existsSync(source)) return shapes;
  let columns: string[] | undefined;
  for (const row of readFileSync(source, 'utf8').split('\n')) {
    if (!row.startsWith('|')) {
      columns = undefined;
      continue;
    }
    const cells = row.split('|').slice(1, -1).map((c) => c.trim());
    if (columns === undefined) columns = cells.map((c) => c.toLowerCase());
    else if (columns.includes('shape') && columns.includes('page') && !/^-+$/.test(cells[0] ?? '')) shapes.set(cells[columns.indexOf('page')] ?? '', cells[columns.indexOf('shape')] ?? '');
  }
  return shapes;
}

function readJsonCorpus(dir: string): CorpusPage[] {
  const file = join(dir, 'expected.json');
  const raw = JSON.parse(readFileSync(file, 'utf8')) as JsonExpected;
  const shapes = shapesOf(dir);
  return Object.keys(raw.pages)
    .sort()
    .filter((page) => existsSync(join(dir, page)))
    .map((page) => {
      const entry = raw.pages[page]!;
      const cookies = Object.entries(entry.cookies ?? {}).map(([name, [category, hours]]) => {
        if (!isCategory(category)) throw new Error(`${file}: ${page}: ${name} has no category`);
        return { name, category, ...(hours !== null && { expires: hoursText(hours) }) };
      });
      const forbidden = entry.forbidden ?? [];
      if (!forbidden.every(isCategory)) throw new Error(`${file}: ${page}: forbidden must be a list of categories`);
      const shape = shapes.get(page) ?? entry.note?.split(/(?<=\.)\s/)[0];
      return {
        name: page.replace(/\.html$/, ''),
        file: join(dir, page),
        expected: {
          render: 'static' as const,
          cookies,
          storage: [],
          thirdParties: [],
          forbidden: forbidden as Category[],
          thirdPartyNames: { must: entry.thirdParties?.must ?? [], denied: entry.thirdParties?.denied ?? [] },
        },
        ...(shape !== undefined && { shape }),
      };
    });
}

const seconds = (text: string | undefined): number | null | undefined => (text === undefined ? undefined : parseDuration(text));

export function scorePage(page: string, expected: ExpectedPolicy, draft: DraftManifest): PageScore {
  const differences: string[] = [];
  type Item = { kind: string; category: Category; expires?: string };
  const want = new Map<string, Item>();
  for (const c of expected.cookies) want.set(c.name, { kind: 'cookie', category: c.category, ...(c.expires !== undefined && { expires: c.expires }) });
  for (const s of expected.storage) want.set(s.key, { kind: s.type, category: s.category });
  const got = new Map<string, Item>();
  for (const c of draft.cookies) got.set(c.name, { kind: 'cookie', category: c.category, ...(c.expires !== undefined && { expires: c.expires }) });
  if (!expected.thirdPartyNames) for (const s of draft.storage) got.set(s.key, { kind: s.type, category: s.category });

  let rightNames = 0;
  let rightCategory = 0;
  let lifetimesChecked = 0;
  let rightLifetime = 0;
  for (const [name, item] of want) {
    const found = got.get(name);
    if (!found) {
      differences.push(`missed ${name}`);
      continue;
    }
    rightNames++;
    if (found.category === item.category && found.kind === item.kind) rightCategory++;
    else differences.push(`${name}: ${found.kind} ${found.category}, expected ${item.kind} ${item.category}`);
    if (item.kind === 'cookie') {
      lifetimesChecked++;
      if (seconds(found.expires) === seconds(item.expires)) rightLifetime++;
      else differences.push(`${name}: lifetime ${found.expires ?? 'none'}, expected ${item.expires ?? 'none'}`);
    }
  }
  for (const name of got.keys()) if (!want.has(name)) differences.push(`extra ${name}`);

  const wantParties = new Map(expected.thirdParties.map((t) => [t.name, t.category]));
  let rightThirdParties = 0;
  let deniedDrafted = 0;
  let expectedThirdParties = wantParties.size;
  if (expected.thirdPartyNames) {
    // By substring: "google analytics" is right for a drafted "Google Analytics 4"; drafting one the page denies is the worst mistake.
    const drafted = draft.thirdParties.map((tp) => tp.name.toLowerCase());
    const { must, denied } = expected.thirdPartyNames;
    expectedThirdParties = must.length;
    for (const name of must) if (!drafted.some((d) => d.includes(name))) differences.push(`missed third party ${name}`);
    for (const d of drafted) {
      if (denied.some((name) => d.includes(name))) {
        deniedDrafted++;
        differences.push(`denied third party drafted ${d}`);
      } else if (must.some((name) => d.includes(name))) rightThirdParties++;
      else differences.push(`extra third party ${d}`);
    }
  }
  for (const tp of expected.thirdPartyNames ? [] : draft.thirdParties) {
    const category = wantParties.get(tp.name);
    if (category === undefined) differences.push(`extra third party ${tp.name}`);
    else if (category !== tp.category) differences.push(`third party ${tp.name}: ${tp.category}, expected ${category}`);
    else rightThirdParties++;
  }
  for (const name of wantParties.keys()) if (!expected.thirdPartyNames && !draft.thirdParties.some((tp) => tp.name === name)) differences.push(`missed third party ${name}`);

  const forbidden = CATEGORIES.filter((c) => draft.categories[c] === 'forbidden');
  const forbiddenRight = forbidden.join(',') === CATEGORIES.filter((c) => expected.forbidden.includes(c)).join(',');
  if (!forbiddenRight) differences.push(`forbidden [${forbidden.join(', ')}], expected [${expected.forbidden.join(', ')}]`);

  return {
    page,
    expectedNames: want.size,
    foundNames: got.size,
    rightNames,
    rightCategory,
    lifetimesChecked,
    rightLifetime,
    expectedThirdParties,
    foundThirdParties: draft.thirdParties.length,
    rightThirdParties,
    forbiddenRight,
    deniedDrafted,
    differences,
  };
}

export interface CorpusTotals {
  pages: number;
  namePrecision: number;
  nameRecall: number;
  /** Of the names found (and expected), the share with the right category (and cookie/storage kind). */
  categoryAccuracy: number;
  /** Of the cookies found, the share with the right lifetime (both none counts as right). */
  lifetimeAccuracy: number;
  thirdPartyPrecision: number;
  thirdPartyRecall: number;
  forbiddenPagesRight: number;
  deniedThirdPartiesDrafted: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function totals(scores: readonly PageScore[]): CorpusTotals {
  const sum = (f: (s: PageScore) => number) => scores.reduce((n, s) => n + f(s), 0);
  return {
    pages: scores.length,
    namePrecision: ratio(sum((s) => s.rightNames), sum((s) => s.foundNames)),
    nameRecall: ratio(sum((s) => s.rightNames), sum((s) => s.expectedNames)),
    categoryAccuracy: ratio(sum((s) => s.rightCategory), sum((s) => s.rightNames)),
    lifetimeAccuracy: ratio(sum((s) => s.rightLifetime), sum((s) => s.lifetimesChecked)),
    thirdPartyPrecision: ratio(sum((s) => s.rightThirdParties), sum((s) => s.foundThirdParties)),
    thirdPartyRecall: ratio(sum((s) => s.rightThirdParties), sum((s) => s.expectedThirdParties)),
    forbiddenPagesRight: sum((s) => (s.forbiddenRight ? 1 : 0)),
    deniedThirdPartiesDrafted: sum((s) => s.deniedDrafted),
  };
}

const pct = (n: number) => n.toFixed(2);

/** The score table as Markdown: one row per page, then the corpus totals. */
export function scoreTable(scores: readonly PageScore[]): string {
  const rows = [
    '| page | names found / expected | right | category right | lifetime right | third parties found / expected / right | forbidden right |',
    '|---|---|---|---|---|---|---|',
    ...scores.map(
      (s) =>
        `| ${s.page} | ${s.foundNames} / ${s.expectedNames} | ${s.rightNames} | ${s.rightCategory} | ${s.rightLifetime} / ${s.lifetimesChecked} | ${s.foundThirdParties} / ${s.expectedThirdParties} / ${s.rightThirdParties} | ${s.forbiddenRight ? 'yes' : 'no'} |`,
    ),
  ];
  const t = totals(scores);
  rows.push(
    '',
    '| corpus | name precision | name recall | category right | lifetime right | third-party precision | third-party recall | forbidden right |',
    '|---|---|---|---|---|---|---|---|',
    `| ${t.pages} pages | ${pct(t.namePrecision)} | ${pct(t.nameRecall)} | ${pct(t.categoryAccuracy)} | ${pct(t.lifetimeAccuracy)} | ${pct(t.thirdPartyPrecision)} | ${pct(t.thirdPartyRecall)} | ${t.forbiddenPagesRight} / ${t.pages} |`,
  );
  if (t.deniedThirdPartiesDrafted > 0) rows.push('', `Third parties drafted that their page says it does not use: ${t.deniedThirdPartiesDrafted}.`);
  return `${rows.join('\n')}\n`;
}

/** A page fails when a name, category, lifetime, forbidden category or denied third party is wrong (a third party merely missed or extra is not). */
export const pageFails = (s: PageScore): boolean => s.differences.some((d) => !/^(?:missed|extra) third party /.test(d));

/** The pages that fail, each with its shape in a person's words and what differs, for the person fixing the reader. */
export function failingShapes(pages: readonly CorpusPage[], scores: readonly PageScore[]): string {
  const failing = scores.filter(pageFails);
  if (failing.length === 0) return 'Every page shape is read right.\n';
  const lines = [`Page shapes that fail (${failing.length} of ${scores.length} pages):`];
  for (const s of failing) {
    const shape = pages.find((p) => p.name === s.page)?.shape;
    lines.push(`- ${s.page}${shape ? ` (${shape})` : ''}: ${s.differences.filter((d) => !/^(?:missed|extra) third party /.test(d)).join('; ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The HTML `policy extract` reads: the file as it is, or, for pages drawn by script, what Chromium renders. */
export async function pageHtml(page: CorpusPage, browser: FoundBrowser | undefined): Promise<string> {
  if (page.expected.render === 'static') return readFileSync(page.file, 'utf8');
  if (!browser) throw new Error(`${page.name} is drawn by script and needs Chromium to be read`);
  const rendered = await fetchPageHtml(pathToFileURL(page.file).href, { browser, mappings: [], ignoreHttpsErrors: false, timeoutMs: 30_000 });
  return rendered.html;
}

export async function scoreCorpus(pages: readonly CorpusPage[], browser: FoundBrowser | undefined, known: KnownCookieLookup): Promise<PageScore[]> {
  const scores: PageScore[] = [];
  for (const page of pages) {
    const html = await pageHtml(page, browser);
    scores.push(scorePage(page.name, page.expected, extractPolicy(html, { known }).manifest));
  }
  return scores;
}
