import { describe, expect, it } from 'vitest';
import { consoleReporter } from '../../src/report/console.js';
import { BaselineError, compareWithBaseline, findingFingerprint, findingKey, parseBaseline } from '../../src/report/baseline.js';
import { validateReport } from '../../src/report/validate.js';
import { evidence, finding, manifestFinding, phase, report, site, SITE } from './factory.js';

const ga = finding();
const session = finding({ ruleId: 'insecure-cookie', severity: 'warning', item: { type: 'cookie', name: 'session', domain: 'demo.test' } });
const rejectGa = finding({ ruleId: 'cookie-after-reject', phase: 'reject' });

describe('finding fingerprints', () => {
  it('ignore the message, page, severity and path of the site, but not what the finding is about', () => {
    const reworded = finding({ message: 'Other words.', page: `${SITE}other.html`, severity: 'warning', site: `${SITE}shop/` });
    expect(findingKey(reworded)).toBe(findingKey(ga));
    expect(findingFingerprint(reworded)).toBe(findingFingerprint(ga));
    expect(findingFingerprint(ga)).toMatch(/^[0-9a-f]{32}$/);
    for (const other of [
      finding({ ruleId: 'other-rule' }),
      finding({ phase: 'reject' }),
      finding({ item: { type: 'cookie', name: '_ga', domain: 'other.test' } }),
      finding({ item: { type: 'cookie', name: '_gid', domain: '.demo.test' } }),
      finding({ item: { type: 'storage', name: '_ga', domain: '.demo.test', storageType: 'localStorage' } }),
      finding({ site: 'https://other.test/' }),
    ]) {
      expect(findingKey(other)).not.toBe(findingKey(ga));
    }
  });
});

describe('compareWithBaseline', () => {
  const sites = [site({ evidence: evidence({ phases: [phase({ phase: 'pre' }), phase({ phase: 'reject' })] }) })];

  it('marks findings the baseline had as known and the others as new', () => {
    const result = compareWithBaseline([ga, session], [finding({ message: 'older wording' })], sites);
    expect(result.findings.map((f) => [f.item.name, f.baseline])).toEqual([
      ['_ga', 'known'],
      ['session', 'new'],
    ]);
  });

  it('counts copies: one baseline finding makes one of two identical findings known', () => {
    const result = compareWithBaseline([ga, ga], [ga], sites);
    expect(result.findings.map((f) => f.baseline)).toEqual(['known', 'new']);
  });

  it('lists baseline findings that are gone as fixed, only where this run looked again', () => {
    const gpcGa = finding({ phase: 'gpc' });
    const elsewhere = finding({ site: 'https://other.test/' });
    const declaration = manifestFinding();
    const result = compareWithBaseline([ga], [ga, rejectGa, gpcGa, elsewhere, declaration], sites);
    // gpc was not run and other.test not scanned: no evidence either way, so not fixed.
    expect(result.fixed).toEqual([rejectGa, declaration]);
  });

  it('fixes nothing on a site that could not be reached or in a phase that failed', () => {
    const unreachable = [site({ evidence: evidence({ status: 'unreachable', phases: [phase({ phase: 'pre', status: 'failed' })] }) })];
    expect(compareWithBaseline([], [ga, manifestFinding()], unreachable).fixed).toEqual([]);
    const preFailed = [site({ evidence: evidence({ phases: [phase({ phase: 'pre', status: 'failed' }), phase({ phase: 'reject' })] }) })];
    expect(compareWithBaseline([], [ga, rejectGa], preFailed).fixed).toEqual([rejectGa]);
  });

  it("drops a baseline report's own statuses", () => {
    const result = compareWithBaseline([], [{ ...rejectGa, baseline: 'new' } as typeof rejectGa], sites);
    expect(result.fixed[0]).not.toHaveProperty('baseline');
  });
});

describe('reports with a baseline', () => {
  it('fail only on new findings, and count new, known and fixed', () => {
    const sites = [site({ evidence: evidence({ phases: [phase({ phase: 'pre' }), phase({ phase: 'reject' })] }) })];
    const allKnown = report({ sites, findings: [ga, session], failOn: 'warning', baseline: { file: 'old.json', findings: [ga, session, rejectGa] } });
    expect(allKnown.summary.exitCode).toBe(0);
    expect(allKnown.summary.baseline).toEqual({ new: 0, known: 2, fixed: 1 });
    expect(allKnown.baseline).toEqual({ file: 'old.json', fixed: [rejectGa] });
    expect(validateReport(allKnown)).toEqual([]);

    const oneNew = report({ findings: [ga, session], failOn: 'warning', baseline: { file: 'old.json', findings: [ga] } });
    expect(oneNew.summary.exitCode).toBe(1);
    expect(oneNew.findings.find((f) => f.item.name === 'session')?.baseline).toBe('new');

    // A new finding below --fail-on does not fail the run either.
    const belowThreshold = report({ findings: [ga, session], failOn: 'error', baseline: { file: 'old.json', findings: [ga] } });
    expect(belowThreshold.summary.exitCode).toBe(0);
  });

  it('leave reports without a baseline as they were', () => {
    const plain = report({ findings: [ga] });
    expect(plain).not.toHaveProperty('baseline');
    expect(plain.summary).not.toHaveProperty('baseline');
    expect(plain.findings[0]).not.toHaveProperty('baseline');
    expect(plain.summary.exitCode).toBe(1);
  });
});

describe('parseBaseline', () => {
  it('reads the findings of a report.json', () => {
    const text = JSON.stringify(report({ findings: [ga, session] }));
    expect(parseBaseline(text, '--baseline old.json').map((f) => f.item.name)).toEqual(['_ga', 'session']);
  });

  it('says in one line what is wrong with a file that is no report', () => {
    expect(() => parseBaseline('{', '--baseline x.json')).toThrow(BaselineError);
    expect(() => parseBaseline('{', '--baseline x.json')).toThrow(/^--baseline x.json: not JSON/);
    expect(() => parseBaseline('[]', '--baseline x.json')).toThrow('--baseline x.json: has no "findings" list; give a report.json written by cookie-audit scan');
    expect(() => parseBaseline('{"findings":[{"ruleId":"a"}]}', '--baseline x.json')).toThrow(/findings\[0\] lacks ruleId/);
  });
});

describe('the console report with a baseline', () => {
  it('marks known findings, lists the fixed ones and says the run passes on no new finding', () => {
    const sites = [site({ evidence: evidence({ phases: [phase({ phase: 'pre' }), phase({ phase: 'reject' })] }) })];
    const text = consoleReporter.render(report({ sites, findings: [ga], baseline: { file: 'main.json', findings: [ga, rejectGa] } }), { color: false });
    expect(text).toContain('Analytics cookie "_ga" was set before consent. · https://demo.test/ · known (in the baseline)');
    expect(text).toContain('Fixed since the baseline main.json\n    ✔ fixed      cookie-after-reject  Analytics cookie "_ga" was set before consent.');
    expect(text.trimEnd().split('\n').at(-1)).toBe('✔ No new findings at or above error (1 error) (baseline: 0 new, 1 known, 1 fixed) across 1 site (3 phases)');
  });
});
