/** `cookie-audit merge`: shard reports joined give the report one run over every site would have given. */
import { describe, expect, it } from 'vitest';
import { mergeReports } from '../../src/cli/merge.js';
import { sitesOfShard } from '../../src/crawl/shard.js';
import { validateReport } from '../../src/report/validate.js';
import { evidence, finding, report, site } from '../report/factory.js';
import { usage } from './usage.js';

const urls = ['https://a.test/', 'https://b.test/', 'https://c.test/', 'https://d.test/', 'https://e.test/'];
const sites = urls.map((url) => site({ evidence: evidence({ url, siteDomain: new URL(url).hostname }) }));
const findings = urls.flatMap((url, i) => (i % 2 === 0 ? [finding({ site: url, page: url })] : []));
const whole = report({ sites, findings });

function shard(index: number, count: number) {
  const mine = sitesOfShard(sites, { index, count });
  const names = new Set(mine.map((s) => s.evidence.url));
  return report({ sites: mine, findings: findings.filter((f) => names.has(f.site)), shard: { index, count }, generatedAt: `2025-01-01T00:0${index}:00.000Z` });
}

describe('mergeReports', () => {
  it('puts the sites back in list order and recomputes findings and summary, whatever order the shards come in', () => {
    const merged = mergeReports(['3.json', '1.json', '2.json'], [shard(3, 3), shard(1, 3), shard(2, 3)]);
    expect(validateReport(merged)).toEqual([]);
    expect(merged.sites.map((s) => s.evidence.url)).toEqual(urls);
    expect(merged.findings).toEqual(whole.findings);
    expect(merged.summary).toEqual(whole.summary);
    expect(merged.generatedAt).toBe('2025-01-01T00:01:00.000Z');
    expect(merged.options.shard).toBeUndefined();
  });

  it('accepts an empty shard (more shards than sites)', () => {
    const few = sites.slice(0, 1);
    const empty = report({ sites: [], shard: { index: 2, count: 2 } });
    const one = report({ sites: few, shard: { index: 1, count: 2 } });
    expect(mergeReports(['1', '2'], [one, empty]).sites).toHaveLength(1);
  });

  it('refuses a missing or repeated shard, shards of different runs, and different options, with exit 2', () => {
    expect(usage(() => mergeReports(['1', '3'], [shard(1, 3), shard(3, 3)]))).toBe('2 merge: shard 2/3 missing; give the report.json of every shard');
    expect(usage(() => mergeReports(['1', '1b'], [shard(1, 2), shard(1, 2)]))).toMatch(/^2 merge: shard 1\/2 is given twice/);
    expect(usage(() => mergeReports(['1', '2'], [shard(1, 2), shard(2, 3)]))).toMatch(/^2 merge: 2 is shard 2\/3, the others are of 2/);
    const strict = report({ sites: sites.slice(1, 2), failOn: 'warning', shard: { index: 2, count: 2 } });
    expect(usage(() => mergeReports(['1', '2'], [shard(1, 2), strict]))).toMatch(/^2 merge: 2 was made with a different failOn/);
    expect(usage(() => mergeReports(['x', 'y'], [whole, whole]))).toMatch(/^2 merge: site https:\/\/a.test\/ is in more than one report/);
  });

  it('joins reports of separate runs (no --shard) in the order given', () => {
    const first = report({ sites: sites.slice(0, 2) });
    const second = report({ sites: sites.slice(2) });
    expect(mergeReports(['1', '2'], [second, first]).sites.map((s) => s.evidence.url)).toEqual([...urls.slice(2), ...urls.slice(0, 2)]);
  });
});
