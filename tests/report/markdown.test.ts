import { describe, expect, it } from 'vitest';
import { markdownReporter, MAX_FINDING_ROWS, md, renderMarkdown } from '../../src/report/markdown.js';
import { markdownCells } from '../e2e/report-checks.js';
import { cookie, evidence, finding, fullFindings, fullSite, phase, report, site } from './factory.js';

const HOSTILE = '| evil | `code` <img src=x onerror=alert(1)> **bold** _em_ [link](javascript:x) ~~del~~ $x$ @admin :warning: #1\nnext\\';

describe('Markdown escaping', () => {
  it('leaves site text one line with nothing Markdown or HTML would act on', () => {
    const escaped = md(HOSTILE);
    expect(escaped).not.toContain('\n');
    expect(escaped).not.toMatch(/<|>/);
    // Every special character is backslash-escaped (or an entity); none is left bare.
    expect(escaped.replace(/\\[\\`*_[\]|~#$@!:]/g, '').replace(/&(?:lt|gt|amp);/g, '')).not.toMatch(/[\\`*_[\]|~#$@!<>]/);
    expect(escaped).toContain('\\:warning:');
    expect(escaped).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps URLs readable', () => {
    expect(md('https://demo.test/a?b=c')).toBe('https://demo.test/a?b=c');
  });
});

describe('Markdown report', () => {
  const full = report({ sites: [fullSite()], findings: fullFindings() });
  const text = markdownReporter.render(full, { color: false });

  it('opens with the verdict and a summary row per phase and for the manifest', () => {
    const lines = text.split('\n');
    // fullSite has a failed phase and a page that did not load: the audit is incomplete.
    expect(lines[0]).toMatch(/^### cookie-audit: Incomplete: .*; 1 error, 2 warnings, 1 info$/);
    expect(renderMarkdown(report({ findings: [finding()] })).split('\n')[0]).toBe(
      '### cookie-audit: Failed: 1 error; findings at or above error fail the run',
    );
    expect(text).toContain('| https://demo.test/ | pre | completed | 2 | 2 | 1 | 1 | 1 |');
    expect(text).toContain('|  | accept | skipped: The manifest has no accept selector. | 0 | 0 | 0 | 0 | 0 |');
    expect(text).toContain('|  | manifest cookie-policy.yml | | | | 0 | 1 | 0 |');
  });

  it('lists every finding with what to fix and where it is declared', () => {
    expect(text).toContain('#### 4 findings');
    expect(text).toContain(
      '| ✖ error | cookie-before-consent | pre | cookie \\_ga (.demo.test) | Analytics cookie "\\_ga" was set before consent. | https://demo.test/ | declared analytics at cookie-policy.yml:12 |',
    );
  });

  it('keeps every table row as wide as its header, whatever the site named its cookies', () => {
    const hostile = renderMarkdown(
      report({
        sites: [site({ evidence: evidence({ phases: [phase({ phase: 'pre', cookies: [cookie({ name: HOSTILE })] })] }) })],
        findings: [finding({ item: { type: 'cookie', name: HOSTILE, domain: '|d|' }, message: HOSTILE, page: 'https://demo.test/|x' })],
      }),
    );
    let width = 0;
    for (const line of hostile.split('\n')) {
      if (!line.startsWith('|')) {
        width = 0;
        continue;
      }
      width ||= markdownCells(line).length;
      expect(markdownCells(line)).toHaveLength(width);
    }
    expect(hostile).not.toContain('<img');
  });

  it('with a baseline, marks new and known findings and lists the fixed ones', () => {
    const withBaseline = renderMarkdown(
      report({
        sites: [site({ evidence: evidence({ phases: [phase({ phase: 'pre' }), phase({ phase: 'reject' })] }) })],
        findings: [finding(), finding({ item: { type: 'cookie', name: '_gid', domain: '.demo.test' } })],
        baseline: { file: 'main.json', findings: [finding(), finding({ phase: 'reject', ruleId: 'cookie-after-reject' })] },
      }),
    );
    expect(withBaseline).toContain('(baseline: 1 new, 1 known, 1 fixed)');
    expect(withBaseline).toContain('| ✖ error | known | cookie-before-consent | pre | cookie \\_ga (.demo.test)');
    expect(withBaseline).toContain('| ✖ error | **new** | cookie-before-consent | pre | cookie \\_gid (.demo.test)');
    expect(withBaseline).toContain('#### Fixed since the baseline: 1');
    expect(withBaseline).toContain('| ✖ error | cookie-after-reject | reject | cookie \\_ga (.demo.test) | https://demo.test/ |');
  });

  it(`stops listing after ${MAX_FINDING_ROWS} findings, so a job summary stays under GitHub's limit`, () => {
    const many = Array.from({ length: MAX_FINDING_ROWS + 5 }, (_, i) => finding({ item: { type: 'cookie', name: `c${String(i).padStart(4, '0')}`, domain: 'd' } }));
    const long = renderMarkdown(report({ findings: many }));
    expect(long).toContain('… and 5 more in report.json.');
    expect(long.split('\n').filter((l) => l.startsWith('| ✖ error'))).toHaveLength(MAX_FINDING_ROWS);
  });

  it('says so when there is nothing to report', () => {
    expect(renderMarkdown(report({ findings: [] }))).toContain('No findings.');
  });
});
