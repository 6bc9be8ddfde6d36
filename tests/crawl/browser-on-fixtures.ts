/** Crawl tests in real Chromium: the fixture server and one browser mapped to it, for the whole file. */
import { afterAll, beforeAll } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../fixtures/server.js';
import { findBrowser } from '../../src/browser/find.js';
import { launchBrowser, type LaunchedBrowser } from '../../src/browser/launch.js';
import { parseResolve } from '../../src/browser/resolve.js';
import type { DiscoveryOptions } from '../../src/crawl/discover.js';

/** Discovery that visits the start page only: a phase of one page. */
export const ONE_PAGE: DiscoveryOptions = { maxPages: 1, maxDepth: 0, include: [], exclude: [], scope: [], sitemaps: false };

export interface BrowserOnFixtures {
  server: FixtureServer;
  launched: LaunchedBrowser;
}

/**
 * Starts the fixture server (the bundled sites, or those `sitesDir()` writes) and a browser whose host
 * mapping points at it before the file's tests, and closes both after them. The fields are set in beforeAll.
 */
export function browserOnFixtures(sitesDir?: () => string): BrowserOnFixtures {
  const env = {} as BrowserOnFixtures;
  beforeAll(async () => {
    env.server = await startFixtureServer(sitesDir ? { sitesDir: sitesDir() } : {});
    env.launched = await launchBrowser({ executablePath: findBrowser().executablePath, mappings: env.server.resolve.map(parseResolve) });
  }, 30_000);
  afterAll(async () => {
    await env.launched?.close();
    await env.server?.close();
  });
  return env;
}
