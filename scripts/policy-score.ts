/**
 * `npm run policy:score`: reads every page of a policy corpus as `policy extract` does and prints the score
 * table (see scripts/policy-corpus.ts), then the page shapes that fail. The corpus is fixtures/policies/,
 * or any folder of the same shape given with `--corpus <dir>`: pages with `<name>.expected.yaml` beside
 * them, or pages with one `expected.json` (and a SOURCE.md naming each page's shape), as the real-page
 * corpora are laid out. Uses only the built-in known-cookie database, so the figures do not depend on a
 * local one. `--json` prints the totals as JSON instead; `--details` lists every difference of every page.
 */
import { resolve } from 'node:path';
import { findBrowser } from '../src/browser/find.js';
import { readBuiltInCookies } from '../src/knowledge/files.js';
import { knowledgeFrom } from '../src/knowledge/knowledge.js';
import { failingShapes, readCorpus, scoreCorpus, scoreTable, totals } from './policy-corpus.js';

const args = process.argv.slice(2);
const corpusAt = args.indexOf('--corpus');
const dir = corpusAt >= 0 ? args[corpusAt + 1] : undefined;
if (corpusAt >= 0 && (dir === undefined || dir.startsWith('--'))) {
  process.stderr.write('policy:score: --corpus needs a folder\n');
  process.exit(2);
}
const knowledge = knowledgeFrom({ cookies: [{ name: 'built-in', entries: readBuiltInCookies().entries }] });
// npm runs scripts in the package folder; a relative folder is the caller's (INIT_CWD), as a person typed it.
const pages = dir === undefined ? readCorpus() : readCorpus(resolve(process.env['INIT_CWD'] ?? process.cwd(), dir));
const browser = pages.some((p) => p.expected.render === 'script') ? findBrowser({}) : undefined;
const scores = await scoreCorpus(pages, browser, (name) => knowledge.cookie(name));
if (args.includes('--json')) {
  process.stdout.write(`${JSON.stringify(totals(scores))}\n`);
} else {
  process.stdout.write(scoreTable(scores));
  process.stdout.write(`\n${failingShapes(pages, scores)}`);
  if (args.includes('--details')) {
    for (const s of scores) if (s.differences.length > 0) process.stdout.write(`\n${s.page}:\n${s.differences.map((d) => `  - ${d}`).join('\n')}\n`);
  }
}
