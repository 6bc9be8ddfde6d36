/**
 * Issue 25: reading real published cookie policies. Two sets are scored as `npm run policy:score -- --corpus
 * <dir>` scores them: our own pages in the shapes real ones take (fixtures/policy-shapes/, written by us), and
 * the shared development set of real pages (../shared/data/policy-pages/ beside the repository, or
 * $POLICY_PAGES), which is never copied into the repository; without it that part is skipped with a notice.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBuiltInCookies } from '../../src/knowledge/files.js';
import { knowledgeFrom } from '../../src/knowledge/knowledge.js';
import { fixturesDir } from '../../src/package-info.js';
import { extractPolicy } from '../../src/policy/extract.js';
import { failingShapes, readCorpus, scoreCorpus, scoreTable, totals } from '../../scripts/policy-corpus.js';

const knowledge = knowledgeFrom({ cookies: [{ name: 'built-in', entries: readBuiltInCookies().entries }] });
const known = (name: string) => knowledge.cookie(name);
const REAL = process.env['POLICY_PAGES'] ?? resolve(fixturesDir, '..', '..', 'shared', 'data', 'policy-pages');

describe('our own pages in the shapes real policies take (fixtures/policy-shapes/)', () => {
  const pages = readCorpus(join(fixturesDir, 'policy-shapes'));

  it('has two pages or more not in English, and is read right on every page', async () => {
    expect(pages.filter((p) => /\.(?:nl|fr|it|de|es)$/.test(p.name)).length).toBeGreaterThanOrEqual(2);
    const scores = await scoreCorpus(pages, undefined, known);
    const t = totals(scores);
    expect(failingShapes(pages, scores), scoreTable(scores)).toBe('Every page shape is read right.\n');
    expect(t.deniedThirdPartiesDrafted).toBe(0);
  });
});

describe.skipIf(!existsSync(join(REAL, 'expected.json')))('the shared development set of real published policies', () => {
  it('is read with names ≥ 0.95 precision and recall, category and lifetime ≥ 0.9, every denial kept', async () => {
    const pages = readCorpus(REAL);
    const scores = await scoreCorpus(pages, undefined, known);
    const t = totals(scores);
    const table = `${scoreTable(scores)}\n${failingShapes(pages, scores)}`;
    expect(t.namePrecision, table).toBeGreaterThanOrEqual(0.95);
    expect(t.nameRecall, table).toBeGreaterThanOrEqual(0.95);
    expect(t.categoryAccuracy, table).toBeGreaterThanOrEqual(0.9);
    expect(t.lifetimeAccuracy, table).toBeGreaterThanOrEqual(0.9);
    expect(t.deniedThirdPartiesDrafted, table).toBe(0);
    // Every category a page denies is read as forbidden.
    const missed = scores.filter((s) => s.differences.some((d) => d.startsWith('forbidden ') && pages.find((p) => p.name === s.page)!.expected.forbidden.some((c) => !d.split('expected')[0]!.includes(c))));
    expect(missed.map((s) => s.page), table).toEqual([]);
  });
});
if (!existsSync(join(REAL, 'expected.json'))) process.stdout.write(`real-pages.test: ${REAL} is absent; the shared development set is skipped\n`);

describe('what a person never sees, and what a page denies', () => {
  it('reads no visually hidden label into a name, and drafts no service the page says it does not use', () => {
    const html = `<h2>Cookies</h2><p>We do not use Hotjar or Mixpanel. Instead, we use Plausible.</p>
      <table><tr><th>Cookie name</th><th>Expiry</th></tr>
      <tr><td><span class="sr-only">Cookie name</span>cwr_s</td><td><span class="visually-hidden">Expiry</span>When you close your browser</td></tr></table>
      <p>Hotjar sets cookies on our survey pages.</p>`;
    const { manifest } = extractPolicy(html, { known });
    expect(manifest.cookies.map((c) => [c.name, c.expires])).toEqual([['cwr_s', 'session']]);
    expect(manifest.thirdParties.map((t) => t.name)).toEqual(['Plausible']);
  });

  it('turns "no tracking", "geen trackingcookies" and "non utilizza cookie per la profilazione" into forbidden categories', () => {
    const forbidden = (text: string) => Object.keys(extractPolicy(`<h1>Cookies</h1><p>${text}</p>`, { known }).manifest.categories).sort();
    expect(forbidden('We set only technically necessary cookies – no tracking.')).toEqual(['analytics', 'marketing']);
    expect(forbidden('Deze website gebruikt geen trackingcookies.')).toEqual(['analytics', 'marketing']);
    expect(forbidden('Il sito non utilizza cookie per la profilazione degli utenti.')).toEqual(['marketing']);
  });
});
