/** The crawl and scale-out options: each bad value is one line naming the fix (exit 2), before any browser starts. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConcurrency, defaultSitesConcurrency, parseCrawlOptions, readUrlList, type RawCrawlOptions } from '../../src/cli/crawl-options.js';
import { parseUrlAt } from '../../src/cli/options.js';
import { emptyPolicy } from '../../src/policy/load.js';
import { usage } from './usage.js';

const raw = (overrides: Partial<RawCrawlOptions> = {}): RawCrawlOptions => ({
  maxPages: '20',
  depth: '5',
  include: [],
  exclude: [],
  scope: [],
  sitesConcurrency: '2',
  ...overrides,
});

const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-crawl-options-'));

describe('crawl options', () => {
  it('defaults: 20 pages, 5 hops, sitemaps on, pages at once from the core count', () => {
    const settings = parseCrawlOptions(raw(), emptyPolicy(), {}, false);
    expect(settings.discovery).toEqual({ maxPages: 20, maxDepth: 5, include: [], exclude: [], scope: [], sitemaps: true });
    expect(settings.pageConcurrency).toBe(defaultConcurrency());
    expect(settings.sitesConcurrency).toBe(2);
    expect([defaultConcurrency(1), defaultConcurrency(2), defaultConcurrency(16)]).toEqual([2, 4, 8]);
  });

  it('sites at once by default: three per core, bounded by a quarter of the memory (400 MB a site) and 16', () => {
    const GB = 2 ** 30;
    const { sitesConcurrency: _, ...unset } = raw();
    expect(parseCrawlOptions(unset, emptyPolicy(), {}, false).sitesConcurrency).toBe(defaultSitesConcurrency());
    expect(defaultSitesConcurrency(2, 24 * GB)).toBe(3);
    expect(defaultSitesConcurrency(8, 64 * GB)).toBe(12);
    expect(defaultSitesConcurrency(2, 4 * GB)).toBe(2);
    expect(defaultSitesConcurrency(1, 1 * GB)).toBe(1);
    expect(defaultSitesConcurrency(32, 256 * GB)).toBe(16);
  });

  it('refuses numbers that make no sense', () => {
    expect(usage(() => parseCrawlOptions(raw({ maxPages: '0' }), emptyPolicy(), {}, false))).toBe('2 --max-pages "0": give a whole number ≥ 1, e.g. --max-pages 50');
    expect(usage(() => parseCrawlOptions(raw({ depth: '-1' }), emptyPolicy(), {}, false))).toBe('2 --depth "-1": give a whole number ≥ 0, e.g. --depth 3');
    expect(usage(() => parseCrawlOptions(raw({ concurrency: 'many' }), emptyPolicy(), {}, false))).toBe('2 --concurrency "many": give a whole number ≥ 1, e.g. --concurrency 4');
    expect(usage(() => parseCrawlOptions(raw({ shard: '4/3' }), emptyPolicy(), {}, false))).toMatch(/^2 --shard "4\/3": expected i\/n/);
    expect(usage(() => parseCrawlOptions(raw({ scope: ['https://shop.test/'] }), emptyPolicy(), {}, false))).toMatch(/^2 --scope "https:\/\/shop.test\/" is not a host/);
  });

  it('checks a --storage-state file is Playwright\'s storage state', () => {
    const good = join(dir, 'state.json');
    writeFileSync(good, JSON.stringify({ cookies: [], origins: [] }));
    expect(parseCrawlOptions(raw({ storageState: good }), emptyPolicy(), {}, false).storageState).toBe(good);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ name: 'sid' }]));
    expect(usage(() => parseCrawlOptions(raw({ storageState: bad }), emptyPolicy(), {}, false))).toMatch(/^2 --storage-state .*bad\.json: expected Playwright's storage state/);
    expect(usage(() => parseCrawlOptions(raw({ storageState: join(dir, 'none.json') }), emptyPolicy(), {}, false))).toMatch(/^2 --storage-state .*: cannot read it \(ENOENT\)/);
  });

  it('reads --urls files: one URL per line, comments and blank lines ignored, bad lines named by line', () => {
    const file = join(dir, 'urls.txt');
    writeFileSync(file, '# clients\nhttps://a.test/\n\n  https://b.test/shop  # since 2024\r\n');
    expect(readUrlList(file, parseUrlAt)).toEqual(['https://a.test/', 'https://b.test/shop']);
    writeFileSync(file, '# nothing here\n');
    expect(usage(() => readUrlList(file, parseUrlAt))).toBe(`2 --urls ${file}: no URL in the file; write one start URL per line`);
    expect(usage(() => readUrlList(dir, parseUrlAt))).toMatch(/cannot read it \(EISDIR\)/);
  });
});
