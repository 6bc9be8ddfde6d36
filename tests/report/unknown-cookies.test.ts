/**
 * "Say when knowledge is thin": cookies no manifest, database or tracker list knows are counted once in
 * report.json (summary.unknownCookies), the console and the Markdown summary, with what would help.
 */
import { describe, expect, it } from 'vitest';
import { consoleReporter } from '../../src/report/console.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { validateReport } from '../../src/report/validate.js';
import { cookie, evidence, phase, report, site } from './factory.js';

const unknown = (name: string, domain = '.demo.test') => cookie({ name, domain, classification: { category: null, source: 'unknown' } });
const known = cookie({ name: '_ga', classification: { category: 'analytics', source: 'database', vendor: 'Google Analytics' } });

const sites = [
  site({
    evidence: evidence({
      phases: [
        phase({ phase: 'pre', cookies: [unknown('shop_pref'), known, unknown('zz_track', '.cdn.test')] }),
        phase({ phase: 'accept', cookies: [unknown('shop_pref'), unknown('zz_track', '.other.test')] }),
      ],
    }),
  }),
];
const builtInOnly = { trackerDatabase: { name: 'cookie-audit', licence: 'MIT' }, cookieDatabases: [{ name: 'built-in', entries: 701 }] };

describe('cookies no database knows', () => {
  it('are counted by distinct name and domain, named once, with `db update` as the hint when only the built-in database judged', () => {
    const built = report({ sites, knowledge: builtInOnly });
    expect(built.summary.unknownCookies).toEqual({
      count: 3,
      names: ['shop_pref', 'zz_track'],
      hint: 'cookie-audit db update installs the Open Cookie Database, which may know them; or declare them in the manifest',
    });
    expect(validateReport(JSON.parse(JSON.stringify(built)))).toEqual([]);
  });

  it('suggest declaring them when an installed database did not know them either', () => {
    const withOcd = {
      ...builtInOnly,
      cookieDatabases: [
        { name: 'built-in', entries: 701 },
        { name: '/home/u/.cookie-audit/cookies.json', entries: 2200, source: { name: 'Open Cookie Database', url: 'https://example.org/ocd.csv', retrieved: '2026-01-21T10:00:00.000Z', licence: 'Apache-2.0' } },
      ],
    };
    const built = report({ sites, knowledge: withOcd });
    expect(built.summary.unknownCookies?.hint).toBe('no installed database knows them: declare them in the manifest (cookie-audit explain <name> shows what is known)');
    expect(validateReport(JSON.parse(JSON.stringify(built)))).toEqual([]);
    expect(renderMarkdown(built)).toContain(
      'Judged with the known-cookie databases built-in (701 entries), /home/u/.cookie-audit/cookies.json (2200 entries, Open Cookie Database (Apache-2.0) retrieved 2026-01-21); tracker database: cookie-audit (MIT).',
    );
  });

  it('are said in one console line and in the Markdown summary', () => {
    const built = report({ sites, knowledge: builtInOnly });
    const text = consoleReporter.render(built, { color: false });
    const lines = text.split('\n').filter((line) => line.includes('no database knows'));
    expect(lines).toEqual([
      'ℹ 3 cookies no database knows (shop_pref, zz_track), judged as unknown: cookie-audit db update installs the Open Cookie Database, which may know them; or declare them in the manifest.',
    ]);
    expect(renderMarkdown(built)).toContain('3 cookies no database knows (shop\\_pref, zz\\_track), judged as unknown');
  });

  it('are absent when every cookie is known', () => {
    const built = report({ sites: [site({ evidence: evidence({ phases: [phase({ phase: 'pre', cookies: [known] })] }) })], knowledge: builtInOnly });
    expect(built.summary.unknownCookies).toBeUndefined();
    expect(consoleReporter.render(built, { color: false })).not.toContain('no database knows');
  });
});
