/**
 * `cookie-audit policy render`: the policy page a manifest describes. The round trip is the check that
 * the page says everything the manifest does: `policy extract` of the rendered page gives the manifest
 * back (its entries grouped by category, as the page groups them).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readBuiltInCookies } from '../../src/knowledge/files.js';
import { knowledgeFrom } from '../../src/knowledge/knowledge.js';
import { parseDuration } from '../../src/policy/duration.js';
import { extractPolicy, type DraftManifest } from '../../src/policy/extract.js';
import { loadPolicy, parsePolicy } from '../../src/policy/load.js';
import { policyDocument } from '../../src/policy/render/document.js';
import { policyHtml } from '../../src/policy/render/html.js';
import { policyMarkdown } from '../../src/policy/render/markdown.js';
import { CATEGORIES, type PolicyManifest } from '../../src/policy/types.js';
import { runCli } from '../e2e/harness.js';

const knowledge = knowledgeFrom({ cookies: [{ name: 'built-in', entries: readBuiltInCookies().entries }] });
const MANIFESTS = fileURLToPath(new URL('../../fixtures/manifests', import.meta.url));
const manifests = readdirSync(MANIFESTS).filter((f) => f.endsWith('.yaml')).sort();
const byCategory = <T extends { category: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => CATEGORIES.indexOf(a.category as never) - CATEGORIES.indexOf(b.category as never));
const seconds = (expires: string | undefined) => (expires === undefined ? undefined : parseDuration(expires));

/** What a published page can carry of a manifest (consent selectors, logins and cookie domains are not on it). */
function published(m: PolicyManifest | DraftManifest) {
  return {
    site: m.site,
    forbidden: CATEGORIES.filter((c) => m.categories[c] === 'forbidden'),
    cookies: byCategory(m.cookies).map((c) => ({ name: c.name, category: c.category, seconds: seconds(c.expires), provider: c.provider, purpose: c.purpose })),
    storage: byCategory(m.storage).map((s) => ({ key: s.key, type: s.type, category: s.category, purpose: s.purpose })),
    thirdParties: m.thirdParties.map((t) => ({ name: t.name, domains: t.domains, category: t.category, purpose: t.purpose })),
  };
}

describe('policy render → policy extract', () => {
  it.each(manifests)('gives back %s', async (file) => {
    const manifest = await loadPolicy(join(MANIFESTS, file));
    const html = policyHtml(policyDocument(manifest));
    const draft = extractPolicy(html, { known: (name) => knowledge.cookie(name) });
    expect(published(draft.manifest)).toEqual(published(manifest));
    // Nothing on the page is a guess: the draft needs no review beyond what the manifest itself leaves open.
    expect(draft.review.filter((r) => r.path[0] === 'thirdParties')).toEqual([]);
  });
});

const hostile = parsePolicy(
  [
    'site: "Tom & Jerry <script>alert(1)</script>"',
    'categories: { marketing: forbidden }',
    'cookies:',
    '  - { name: "a|b", category: necessary, expires: 24h, provider: "<b>Us</b>", purpose: "Keeps \\"you\\" signed in | <img src=x onerror=alert(1)>" }',
    '  - { name: "_x`y", category: analytics, purpose: "Counts *visits* [link](javascript:alert(1))" }',
    'storage:',
    '  - { key: prefs, type: localStorage, category: functional, purpose: "Theme & layout" }',
    'thirdParties:',
    '  - { name: "Acme <CDN>", domains: [acme-cdn.test], category: necessary }',
  ].join('\n'),
  'hostile.yaml',
);

describe('the rendered policy', () => {
  it('groups by category with provider, purpose, lifetime and party, then storage, then third parties', () => {
    const doc = policyDocument(hostile);
    expect(doc.sections.map((s) => [s.title, s.cookies.map((c) => c.name), s.storage.map((st) => st.key), s.forbidden])).toEqual([
      ['Strictly necessary cookies', ['a|b'], [], false],
      ['Functional cookies', [], ['prefs'], false],
      ['Analytics cookies', ['_x`y'], [], false],
      ['Marketing cookies', [], [], true],
    ]);
    expect(doc.sections[0]?.cookies[0]).toMatchObject({ lifetime: '1 day', party: 'First party' });
    expect(policyMarkdown(doc)).toContain('## Marketing cookies\n\nWe do not use marketing cookies.\n');
  });

  it('escapes every text from the manifest in HTML', () => {
    const html = policyHtml(policyDocument(hostile));
    expect(html).not.toMatch(/<script>|<img|<b>Us|<CDN>/);
    expect(html).toContain('<title>Cookie policy · Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(html).toContain('<td>&lt;b&gt;Us&lt;/b&gt;</td><td>Keeps &quot;you&quot; signed in | &lt;img src=x onerror=alert(1)&gt;</td>');
    expect(html).toContain('<td>Acme &lt;CDN&gt;</td>');
  });

  it('escapes Markdown: a pipe cannot open a column, a link or emphasis cannot form, backticks fence the name', () => {
    const md = policyMarkdown(policyDocument(hostile));
    expect(md).toContain('| `a\\|b` | \\<b\\>Us\\</b\\> | Keeps "you" signed in \\| \\<img src=x onerror=alert\\(1\\)\\> | 1 day | First party |');
    expect(md).toContain('| ``_x`y`` |  | Counts \\*visits\\* \\[link\\]\\(javascript:alert\\(1\\)\\) |  | First party |');
  });
});

describe('cookie-audit policy render', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-render-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes Markdown to stdout and HTML to -o, and the HTML reads back as the manifest', async () => {
    const md = await runCli(['policy', 'render', join(MANIFESTS, 'pos.yaml')]);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout.startsWith('# Cookie policy · Till Works POS\n')).toBe(true);
    const out = join(dir, 'policy.html');
    const html = await runCli(['policy', 'render', join(MANIFESTS, 'pos.yaml'), '--format', 'html', '-o', out]);
    expect(html.code, html.stderr).toBe(0);
    expect(html.stderr).toBe(`Wrote ${out}\n`);
    const back = await runCli(['policy', 'extract', out]);
    expect(back.code, back.stderr).toBe(0);
    expect(published(parsePolicy(back.stdout, 'back.yaml'))).toEqual(published(await loadPolicy(join(MANIFESTS, 'pos.yaml'))));
    expect(readFileSync(out, 'utf8')).toContain('<h2>Third parties</h2>');
  });

  it('refuses a bad format and an invalid manifest in one line each', async () => {
    const format = await runCli(['policy', 'render', join(MANIFESTS, 'pos.yaml'), '--format', 'pdf']);
    expect(format.code).toBe(2);
    expect(format.stderr).toBe('cookie-audit: --format "pdf": use md (Markdown, the default) or html\n');
    const missing = await runCli(['policy', 'render', join(dir, 'nope.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(missing.stderr).toContain('nope.yaml');
  });
});
