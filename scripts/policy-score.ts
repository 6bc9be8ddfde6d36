/**
 * `npm run policy:score`: reads every page of the policy corpus (fixtures/policies/) as `policy extract`
 * does and prints the score table (see scripts/policy-corpus.ts). Uses only the built-in known-cookie
 * database, so the figures do not depend on a local one. `--json` prints the totals as JSON instead.
 */
import { findBrowser } from '../src/browser/find.js';
import { readBuiltInCookies } from '../src/knowledge/files.js';
import { knowledgeFrom } from '../src/knowledge/knowledge.js';
import { readCorpus, scoreCorpus, scoreTable, totals } from './policy-corpus.js';

const knowledge = knowledgeFrom({ cookies: [{ name: 'built-in', entries: readBuiltInCookies().entries }] });
const pages = readCorpus();
const browser = pages.some((p) => p.expected.render === 'script') ? findBrowser({}) : undefined;
const scores = await scoreCorpus(pages, browser, (name) => knowledge.cookie(name));
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(totals(scores))}\n`);
} else {
  process.stdout.write(scoreTable(scores));
  if (process.argv.includes('--details')) {
    for (const s of scores) if (s.differences.length > 0) process.stdout.write(`\n${s.page}:\n${s.differences.map((d) => `  - ${d}`).join('\n')}\n`);
  }
}
