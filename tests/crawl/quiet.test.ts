/** The wait rule in real Chromium: "the network went quiet" must come even when a page never reads a fetch body. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NetworkQuiet } from '../../src/crawl/quiet.js';
import { browserOnFixtures } from './browser-on-fixtures.js';

const env = browserOnFixtures(() => {
  const sites = mkdtempSync(join(tmpdir(), 'cookie-audit-quiet-'));
  mkdirSync(join(sites, 'beacon.test'));
  // A fire-and-forget beacon: the response (and its Set-Cookie) arrives, the body is never read.
  writeFileSync(join(sites, 'beacon.test', 'index.html'), `<!doctype html><title>b</title><script>fetch('/collect', { method: 'POST' });</script>`);
  writeFileSync(join(sites, 'beacon.test', '_routes.json'), JSON.stringify({ '/collect': { json: { ok: true }, setCookie: ['beacon_id=1; Path=/; Secure'] } }));
  return sites;
});

describe('NetworkQuiet', () => {
  it('counts a fetch whose body the page never reads as settled once its response arrived', async () => {
    const context = await env.launched.browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const quiet = new NetworkQuiet(page);
    let finished = false;
    page.on('requestfinished', (request) => {
      if (request.url().endsWith('/collect')) finished = true;
    });
    await page.goto('https://beacon.test/', { waitUntil: 'load' });
    const started = Date.now();
    await quiet.wait(8000);
    expect(Date.now() - started).toBeLessThan(3000);
    // Chromium has not finished the request: without settling on the response, the wait would run to 8 s.
    expect(finished).toBe(false);
    expect((await context.cookies()).map((c) => c.name)).toContain('beacon_id');
    await context.close();
  });
});
