/** Which pages a crawl visits: links and sitemaps, normalised, de-duplicated, within scope and limits. */
import { describe, expect, it } from 'vitest';
import {
  CrawlPlan,
  CrawlScope,
  DEFAULT_DISCOVERY,
  hostGlobMatches,
  isDownload,
  normaliseUrl,
  parseSitemap,
  robotsSitemaps,
  urlGlobMatches,
  urlKey,
  type DiscoveryOptions,
} from '../../src/crawl/discover.js';

const options = (overrides: Partial<DiscoveryOptions> = {}): DiscoveryOptions => ({ ...DEFAULT_DISCOVERY, ...overrides });

describe('normaliseUrl', () => {
  it('resolves against the page, drops the fragment and an empty query, lower-cases scheme and host, drops the default port', () => {
    expect(normaliseUrl('../faq.html#top', 'https://shop.test/guides/setup/')).toBe('https://shop.test/guides/faq.html');
    expect(normaliseUrl('HTTPS://SHOP.TEST:443/a?')).toBe('https://shop.test/a');
    expect(normaliseUrl('/b/./c/../d', 'https://shop.test/x')).toBe('https://shop.test/b/d');
  });

  it('refuses everything that is not an http(s) page address', () => {
    for (const link of ['javascript:void(0)', 'mailto:a@shop.test', 'tel:+100', 'file:///etc/hosts', 'data:text/html,hi', 'ftp://shop.test/', 'https://user:pw@shop.test/', 'http://[bad']) {
      expect(normaliseUrl(link, 'https://shop.test/')).toBeNull();
    }
  });

  it('keys URLs with their query parameters in a fixed order', () => {
    expect(urlKey('https://shop.test/s?q=a&page=2')).toBe(urlKey('https://shop.test/s?page=2&q=a'));
    expect(urlKey('https://shop.test/s?q=a')).not.toBe(urlKey('https://shop.test/s?q=b'));
  });
});

describe('what is not a page', () => {
  it('treats file extensions of downloads, media and assets as downloads', () => {
    expect(isDownload('https://shop.test/files/handbook.PDF')).toBe(true);
    expect(isDownload('https://shop.test/atlas-1.2.0.zip')).toBe(true);
    expect(isDownload('https://shop.test/img/cup.webp?v=2')).toBe(true);
    expect(isDownload('https://shop.test/guides/install.html')).toBe(false);
    expect(isDownload('https://shop.test/v1.2/')).toBe(false);
    expect(isDownload('https://shop.test/.well-known')).toBe(false);
  });

  it('never follows sign-out links, which would end a logged-in crawl', () => {
    const scope = new CrawlScope('https://app.test/', options());
    for (const url of ['https://app.test/logout', 'https://app.test/account/sign-out?next=/', 'https://app.test/users/log_out', 'https://app.test/signoff']) {
      expect(scope.skipReason(url)).toBe('sign-out');
    }
    expect(scope.skipReason('https://app.test/logouts-explained.html')).toBeNull();
    expect(scope.skipReason('https://app.test/blog/how-to-log-out-everywhere')).toBeNull();
  });
});

describe('scope', () => {
  it('stays on the start URL\'s registrable domain by default', () => {
    const scope = new CrawlScope('https://www.shop.test/', options());
    expect(scope.skipReason('https://help.shop.test/a')).toBeNull();
    expect(scope.skipReason('https://shop.test/')).toBeNull();
    expect(scope.skipReason('https://partner.test/')).toBe('out-of-scope');
    expect(scope.skipReason('https://shop.test.evil.test/')).toBe('out-of-scope');
  });

  it('follows only the --scope hosts when they are given', () => {
    const scope = new CrawlScope('https://www.shop.test/', options({ scope: ['www.shop.test', '*.cdn.test'] }));
    expect(scope.skipReason('https://www.shop.test/a')).toBeNull();
    expect(scope.skipReason('https://help.shop.test/a')).toBe('out-of-scope');
    expect(scope.skipReason('https://img.cdn.test/a')).toBeNull();
    expect(hostGlobMatches('*.cdn.test', 'cdn.test')).toBe(true);
    expect(hostGlobMatches('*.cdn.test', 'evilcdn.test')).toBe(false);
  });

  it('applies --include and --exclude globs to paths or whole URLs', () => {
    expect(urlGlobMatches('/blog/*', 'https://shop.test/blog/2024/post.html')).toBe(true);
    expect(urlGlobMatches('/blog/*', 'https://shop.test/blogroll')).toBe(false);
    expect(urlGlobMatches('/search?q=*', 'https://shop.test/search?q=cups')).toBe(true);
    expect(urlGlobMatches('https://help.shop.test/*', 'https://help.shop.test/x')).toBe(true);
    const scope = new CrawlScope('https://shop.test/', options({ include: ['/docs/*', '/blog/*'], exclude: ['/blog/drafts/*'] }));
    expect(scope.skipReason('https://shop.test/docs/a')).toBeNull();
    expect(scope.skipReason('https://shop.test/blog/drafts/x')).toBe('excluded');
    expect(scope.skipReason('https://shop.test/about')).toBe('not-included');
  });
});

describe('CrawlPlan', () => {
  const site = 'https://shop.test/';

  it('visits start URLs first, then each level\'s links in page order, then sitemap URLs, each once', () => {
    const plan = new CrawlPlan([site], options());
    expect(plan.firstLevel()).toEqual([site]);
    const level1 = plan.nextLevel(
      [{ url: site, links: ['/b', '/a', '/b#x', 'mailto:x@shop.test', 'https://other.test/', '/files/x.pdf', '/'] }],
      ['https://shop.test/from-sitemap', 'https://shop.test/a'],
    );
    expect(level1).toEqual(['https://shop.test/b', 'https://shop.test/a', 'https://shop.test/from-sitemap']);
    const level2 = plan.nextLevel([
      { url: 'https://shop.test/b', links: ['/c', '/a'] },
      { url: 'https://shop.test/a', links: ['/d', '/c'] },
      { url: 'https://shop.test/from-sitemap', links: [] },
    ]);
    expect(level2).toEqual(['https://shop.test/c', 'https://shop.test/d']);
    expect(plan.nextLevel([{ url: 'https://shop.test/c', links: [] }, { url: 'https://shop.test/d', links: [] }])).toEqual([]);
  });

  it('stops at --max-pages (start URLs included) and at --depth', () => {
    const limited = new CrawlPlan([site], options({ maxPages: 3 }));
    expect(limited.nextLevel([{ url: site, links: ['/1', '/2', '/3', '/4'] }])).toEqual(['https://shop.test/1', 'https://shop.test/2']);
    const shallow = new CrawlPlan([site], options({ maxDepth: 1 }));
    expect(shallow.nextLevel([{ url: site, links: ['/1'] }])).toEqual(['https://shop.test/1']);
    expect(shallow.nextLevel([{ url: 'https://shop.test/1', links: ['/2'] }])).toEqual([]);
    expect(new CrawlPlan([site], options({ maxDepth: 0 })).nextLevel([{ url: site, links: ['/1'] }], ['https://shop.test/2'])).toEqual([]);
  });

  it('always visits the URLs the user listed, even beyond --max-pages', () => {
    const plan = new CrawlPlan([site, 'https://shop.test/x', 'https://shop.test/y'], options({ maxPages: 2 }));
    expect(plan.firstLevel()).toHaveLength(3);
    expect(plan.nextLevel([{ url: site, links: ['/z'] }])).toEqual([]);
  });

  it('does not visit a redirect target again, nor follow links of a page that redirected off the site', () => {
    const plan = new CrawlPlan([site, 'https://shop.test/old'], options());
    const next = plan.nextLevel([
      { url: site, links: ['/new', '/shop'] },
      { url: 'https://shop.test/old', finalUrl: 'https://shop.test/new', links: [] },
    ]);
    expect(next).toEqual(['https://shop.test/shop']);
    const away = new CrawlPlan([site], options());
    expect(away.nextLevel([{ url: site, finalUrl: 'https://login.other.test/', links: ['https://shop.test/x'] }])).toEqual([]);
  });
});

describe('sitemaps', () => {
  it('reads page URLs and nested sitemaps, with entities, CDATA and namespace prefixes', () => {
    const xml = `<?xml version="1.0"?>
      <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc> https://shop.test/a?x=1&amp;y=2 </loc><lastmod>2024-01-01</lastmod></url>
        <url><loc><![CDATA[https://shop.test/b]]></loc></url>
        <sm:url><sm:loc>https://shop.test/c</sm:loc></sm:url>
        <url><lastmod>no loc</lastmod></url>
      </urlset>`;
    expect(parseSitemap(xml)).toEqual({ urls: ['https://shop.test/a?x=1&y=2', 'https://shop.test/b', 'https://shop.test/c'], sitemaps: [] });
    const index = '<sitemapindex><sitemap><loc>https://shop.test/s1.xml</loc></sitemap><sitemap><loc>https://shop.test/s2.xml</loc></sitemap></sitemapindex>';
    expect(parseSitemap(index)).toEqual({ urls: [], sitemaps: ['https://shop.test/s1.xml', 'https://shop.test/s2.xml'] });
    expect(parseSitemap('<html>not a sitemap</html>')).toEqual({ urls: [], sitemaps: [] });
  });

  it('takes Sitemap lines from robots.txt', () => {
    const robots = 'User-agent: *\nDisallow: /admin\nSitemap: https://shop.test/sitemap_index.xml\nsitemap:/relative.xml\r\n';
    expect(robotsSitemaps(robots, 'https://shop.test/robots.txt')).toEqual(['https://shop.test/sitemap_index.xml', 'https://shop.test/relative.xml']);
  });
});
