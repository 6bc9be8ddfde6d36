/**
 * Many sites: an agency's list of six shops (generated, fixtures/generate.ts) in one --urls file. Audited
 * in three --shard jobs and joined with `cookie-audit merge`, it gives the findings of one run over all six.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetHost, writeFleet } from '../../fixtures/generate.js';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server.js';
import type { Finding } from '../../src/audit/types.js';
import { brief, manifest, readReports, runCli, tempOut, type ScanResult } from './harness.js';

let server: FixtureServer;
let urlsFile: string;
const SHOPS = Array.from({ length: 6 }, (_, i) => `https://${fleetHost(i + 1)}/`);

beforeAll(async () => {
  const sites = mkdtempSync(join(tmpdir(), 'cookie-audit-fleet-'));
  writeFleet(sites, SHOPS.length);
  server = await startFixtureServer({ sitesDir: sites });
  urlsFile = join(tempOut(), 'clients.txt');
  const lines = SHOPS.map((url, i) => (i === 4 ? `${url}   # renewed in March` : url));
  writeFileSync(urlsFile, `# Our clients, one start URL per line\n\n${lines.join('\n')}\n`);
});
afterAll(() => server.close());

/**
 * A finding as two runs can agree on it: stored lifetimes are measured when the cookie is seen, so runs
 * a few seconds apart differ by those seconds; to the hour they agree.
 */
function comparable(finding: Finding): Finding {
  const stored = finding.evidence?.['storedSeconds'];
  if (typeof stored !== 'number') return finding;
  return { ...finding, evidence: { ...finding.evidence, storedSeconds: Math.round(stored / 3600) } };
}

async function scan(args: string[]): Promise<ScanResult> {
  const out = tempOut();
  const resolve = server.resolve.flatMap((r) => ['--resolve', r]);
  const run = await runCli(['scan', '--urls', urlsFile, ...resolve, '--ignore-https-errors', '--policy', manifest('fleet.yaml'), '--sites-concurrency', '4', '--max-pages', '1', '--out', out, ...args]);
  return readReports(run, out);
}

describe('six sites from a --urls file', () => {
  let whole: ScanResult;
  let shards: ScanResult[];
  beforeAll(async () => {
    whole = await scan([]);
    shards = [];
    for (const i of [1, 2, 3]) shards.push(await scan(['--shard', `${i}/3`]));
  }, 240_000);

  it('audits each site on its own, in list order, with one line per site on stderr', () => {
    expect(whole.report.sites.map((s) => s.evidence.url)).toEqual(SHOPS);
    expect(whole.report.sites.every((s) => s.evidence.status === 'ok' && s.evidence.phases.every((p) => p.status === 'completed'))).toBe(true);
    const siteLines = whole.stderr.split('\n').filter((l) => /^https:\/\/shop-\d\d\.fleet\.test\/: done, 1 page, 3 phases/.test(l));
    expect(siteLines).toHaveLength(SHOPS.length);
    // Each shop broke the template its own way: shop 3 sets _fleet_stats before consent, shop 1 keeps fleet_cart too long …
    const of = (k: number) => whole.report.findings.filter((f) => f.site === SHOPS[k - 1]).map(brief);
    expect(of(3)).toEqual([
      'pre-consent-cookie pre _fleet_stats',
      'undeclared-cookie pre _fleet_stats',
      'cookie-after-reject reject _fleet_stats',
      'declared-not-observed - fleet_cart',
    ]);
    expect(of(1)).toEqual(['expiry-exceeds-declared pre fleet_cart', 'expiry-too-long pre fleet_cart']);
    expect(of(2)).toEqual(['insecure-cookie reject fleet_consent', 'undeclared-cookie accept fleet_ads', 'declared-not-observed - fleet_cart']);
  });

  it('splits the list into three shards that together hold every site once', () => {
    expect(shards.map((s) => s.report.sites.map((x) => x.evidence.url))).toEqual([
      [SHOPS[0], SHOPS[3]],
      [SHOPS[1], SHOPS[4]],
      [SHOPS[2], SHOPS[5]],
    ]);
    expect(shards.map((s) => s.report.options.shard)).toEqual([1, 2, 3].map((index) => ({ index, count: 3 })));
  });

  it('merged, the shard reports equal the unsharded run: sites, findings, summary, exit code', async () => {
    const out = tempOut();
    const run = await runCli(['merge', ...shards.map((s) => join(s.out, 'report.json')).reverse(), '--out', out]);
    const merged = readReports(run, out);
    expect(run.code).toBe(whole.code);
    expect(merged.report.sites.map((s) => s.evidence.url)).toEqual(SHOPS);
    expect(merged.report.findings.map(comparable)).toEqual(whole.report.findings.map(comparable));
    expect(merged.report.summary).toEqual(whole.report.summary);
    // The JUnit file has one suite per site and phase, as the unsharded run's.
    const suites = (r: ScanResult) => r.junit.children.filter((c) => typeof c !== 'string' && c.name === 'testsuite').map((c) => (typeof c === 'string' ? '' : c.attributes['name']));
    expect(suites(merged)).toEqual(suites(whole));
    expect(merged.stdout).toContain('across 6 sites');
  });

  it('refuses to merge an incomplete set of shards (exit 2)', async () => {
    const run = await runCli(['merge', join(shards[0]!.out, 'report.json'), join(shards[2]!.out, 'report.json'), '--out', tempOut()]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('cookie-audit: merge: shard 2/3 missing; give the report.json of every shard');
  });
});

describe('a bad --urls file', () => {
  it('names the file and line, exit 2', async () => {
    const file = join(tempOut(), 'urls.txt');
    writeFileSync(file, 'https://shop-01.fleet.test/\n# fine\nshop-02.fleet.test\n');
    const run = await runCli(['scan', '--urls', file, '--out', tempOut()]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(`cookie-audit: --urls ${file}:3: URL "shop-02.fleet.test" is not a valid URL; give a full address such as https://example.com/`);
  });
});
