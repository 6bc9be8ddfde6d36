/** Imported evidence and traffic records in the people's reports: what a record cannot hold is said, not printed as a value. */
import { describe, expect, it } from 'vitest';
import { buildHtmlModel } from '../../src/report/html/model.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { cookie, evidence, phase, report, site } from './factory.js';

const imported = { format: 'har' as const, file: 'visit.har', creator: 'Firefox 140.0', cannotKnow: ['Storage: a HAR records traffic only.'] };

describe('the HTML report of evidence', () => {
  const model = buildHtmlModel(
    report({
      sites: [
        site({
          evidence: evidence({
            imported,
            phases: [phase({ phase: 'pre', cookies: [cookie({ name: '_ga', unknown: ['lifetime', 'flags', 'domain'] }), cookie({ name: 'sid' })], traffic: { file: 'demo.test-pre.har', entries: 12, bodies: false } })],
          }),
        }),
      ],
    }),
    undefined,
  );
  const pre = model.sites[0]!.phases[0]!;

  it('says a lifetime or flags the record did not show are not in it', () => {
    expect(pre.cookies.map((c) => [c.name, c.lifetime, c.flags])).toEqual([
      ['_ga', 'not in the record', 'not in the record'],
      ['sid', expect.not.stringMatching(/record/), expect.stringMatching(/SameSite/)],
    ]);
  });

  it('links the traffic record and lists what the imported record cannot hold', () => {
    expect(pre.traffic).toEqual({ file: 'demo.test-pre.har', entries: 12, bodies: false });
    expect(model.sites[0]!.imported).toEqual({ format: 'HAR', file: 'visit.har', creator: 'Firefox 140.0', cannotKnow: ['Storage: a HAR records traffic only.'] });
  });
});

describe('the Markdown report of evidence', () => {
  it('names the imported record, what it cannot hold, and the traffic records', () => {
    const text = renderMarkdown(
      report({ sites: [site({ evidence: evidence({ imported, phases: [phase({ phase: 'pre', traffic: { file: 'demo.test-pre.har', entries: 12, bodies: false } })] }) })] }),
    );
    expect(text).toContain('Imported from a HAR visit.har (Firefox 140.0); such a record cannot hold:');
    expect(text).toContain('- Storage: a HAR records traffic only.');
    expect(text).toMatch(/Traffic records \(HAR\) of .*: pre: demo\.test-pre\.har \(12 requests\)\./);
  });
});
