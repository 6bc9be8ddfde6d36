import { describe, expect, it } from 'vitest';
import { BaselineError } from '../../src/report/baseline.js';
import { diffReports, parseReportFile, renderDiffMarkdown, renderDiffText } from '../../src/report/diff.js';
import { markdownCells } from '../e2e/report-checks.js';
import { cookie, evidence, finding, phase, report, site, storage } from './factory.js';

const DAY = 86_400;
const files = { old: 'old/report.json', new: 'new/report.json' };

const before = report({
  sites: [
    site({
      evidence: evidence({
        phases: [
          phase({ phase: 'pre', cookies: [cookie({ name: 'kept', lifetimeSeconds: 30 * DAY }), cookie({ name: 'gone' }), cookie({ name: 'longer', lifetimeSeconds: 30 * DAY })], storage: [storage({ key: 'old_key' })] }),
          phase({ phase: 'reject', status: 'skipped', skipReason: 'no selector', pages: [] }),
        ],
      }),
    }),
    site({ evidence: evidence({ url: 'https://retired.test/', siteDomain: 'retired.test' }) }),
  ],
  findings: [finding({ item: { type: 'cookie', name: 'gone', domain: '.demo.test' } }), finding({ item: { type: 'cookie', name: 'kept', domain: '.demo.test' } })],
  generatedAt: '2025-01-01T00:00:00.000Z',
});

const after = report({
  sites: [
    site({
      evidence: evidence({
        phases: [
          // 30 days minus a few minutes of scan timing is the same lifetime; a year is not.
          phase({ phase: 'pre', cookies: [cookie({ name: 'kept', lifetimeSeconds: 30 * DAY - 300 }), cookie({ name: 'longer', lifetimeSeconds: 365 * DAY }), cookie({ name: '<b>new</b>', domain: '|x|' })], storage: [storage({ key: 'new_key' })] }),
          phase({ phase: 'reject' }),
        ],
      }),
    }),
  ],
  findings: [finding({ item: { type: 'cookie', name: 'kept', domain: '.demo.test' }, message: 'reworded' }), finding({ item: { type: 'cookie', name: '<b>new</b>', domain: '|x|' } })],
  generatedAt: '2025-02-01T00:00:00.000Z',
});

describe('diff of two reports', () => {
  const diff = diffReports(before, after, files);

  it('lists cookies and storage added and removed, and lifetimes that changed beyond scan timing', () => {
    const pre = diff.sites.find((s) => s.origin === 'https://demo.test')?.phases[0];
    expect(pre?.cookiesAdded.map((c) => c.name)).toEqual(['<b>new</b>']);
    expect(pre?.cookiesRemoved.map((c) => c.name)).toEqual(['gone']);
    expect(pre?.lifetimes).toEqual([{ name: 'longer', domain: '.demo.test', path: '/', before: 30 * DAY, after: 365 * DAY }]);
    expect(pre?.storageAdded.map((s) => s.key)).toEqual(['new_key']);
    expect(pre?.storageRemoved.map((s) => s.key)).toEqual(['old_key']);
  });

  it('does not compare a phase that did not run in both reports, and names sites only one report has', () => {
    expect(diff.sites.find((s) => s.origin === 'https://demo.test')?.phases[1]).toMatchObject({ phase: 'reject', notCompared: 'skipped in the old report' });
    expect(diff.sites.find((s) => s.origin === 'https://retired.test')).toEqual({ origin: 'https://retired.test', presence: 'removed', phases: [] });
  });

  it('matches findings by fingerprint: new, fixed, unchanged', () => {
    expect(diff.findings.new.map((f) => f.item.name)).toEqual(['<b>new</b>']);
    expect(diff.findings.fixed.map((f) => f.item.name)).toEqual(['gone']);
    expect(diff.findings.unchanged).toBe(1);
  });

  it('prints for a terminal', () => {
    const text = renderDiffText(diff);
    expect(text).toContain('cookie-audit diff: old/report.json (2025-01-01T00:00:00.000Z) → new/report.json (2025-02-01T00:00:00.000Z)');
    expect(text).toContain('    + cookie <b>new</b> (|x|), 400 days');
    expect(text).toContain('    - cookie gone (.demo.test)');
    expect(text).toContain('    ~ cookie longer (.demo.test): lifetime 30 days → 1 year');
    expect(text).toContain('  reject: not compared (skipped in the old report)');
    expect(text).toContain('https://retired.test: only in the old report');
    expect(text).toContain('Findings: 1 new, 1 fixed, 1 unchanged');
  });

  it('prints Markdown whose rows keep their columns', () => {
    const md = renderDiffMarkdown(diff);
    expect(md.split('\n')[0]).toBe('### cookie-audit diff: 1 new, 1 fixed, 1 unchanged findings');
    expect(md).toContain('| https://demo.test | pre | lifetime changed | cookie longer (.demo.test): 30 days → 1 year |');
    expect(md).toContain('&lt;b&gt;new&lt;/b&gt;');
    for (const table of md.split('\n\n').filter((block) => block.startsWith('|'))) {
      const rows = table.split('\n').filter(Boolean);
      for (const row of rows) expect(markdownCells(row)).toHaveLength(markdownCells(rows[0]!).length);
    }
  });

  it('refuses files that are not reports, naming them', () => {
    expect(() => parseReportFile('{"findings": []}', 'x.json')).toThrow(new BaselineError('x.json: has no "sites" list with evidence; give a report.json written by cookie-audit scan'));
    expect(parseReportFile(JSON.stringify(after), 'y.json').findings).toHaveLength(2);
  });
});
