/**
 * --connect: audit on a browser that runs elsewhere instead of launching one. Two kinds of endpoint:
 * a Playwright browser server (`npx playwright run-server`, `chromium.launchServer()`; ws://host:port/path)
 * and a Chrome DevTools Protocol endpoint (Selenium Grid, browserless, `chrome --remote-debugging-port`;
 * http://host:port, or ws://…/devtools/browser/…). Each phase still gets its own fresh context there.
 *
 * What a local launch sets with flags cannot be set remotely: host mappings (--resolve), the profile
 * preference that allows third-party cookies, and the switch that hides navigator.webdriver. The remote
 * browser's own settings apply; see README ("Remote browsers").
 */
import { chromium, type Browser } from 'playwright-core';
import { regularUserAgent, type LaunchedBrowser } from './launch.js';

export type EndpointKind = 'playwright' | 'cdp';

export class EndpointSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EndpointSyntaxError';
  }
}

/** Which protocol an endpoint speaks, from its form: http(s) and /devtools/ paths are CDP; other ws(s) URLs Playwright's. */
export function endpointKind(endpoint: string): EndpointKind {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new EndpointSyntaxError(
      `--connect ${JSON.stringify(endpoint)} is not a URL; give a Playwright server (ws://host:3000/) or a CDP endpoint (http://host:9222)`,
    );
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return 'cdp';
  if (url.protocol === 'ws:' || url.protocol === 'wss:') return url.pathname.startsWith('/devtools/') ? 'cdp' : 'playwright';
  throw new EndpointSyntaxError(
    `--connect ${JSON.stringify(endpoint)}: unsupported scheme ${url.protocol}; use ws:// or wss:// (Playwright server) or http:// (CDP)`,
  );
}

export async function connectBrowser(endpoint: string, timeoutMs = 30_000): Promise<LaunchedBrowser> {
  const kind = endpointKind(endpoint);
  const browser: Browser = kind === 'cdp' ? await chromium.connectOverCDP(endpoint, { timeout: timeoutMs }) : await chromium.connect(endpoint, { timeout: timeoutMs });
  const userAgent = regularUserAgent(browser);
  return {
    browser,
    userAgent,
    async close() {
      // Closes the contexts made here and disconnects; a shared remote browser keeps running.
      await browser.close().catch(() => undefined);
    },
    kill() {
      // A remote browser is not ours to end: drop the connection, which fails every call waiting on it.
      void browser.close().catch(() => undefined);
    },
  };
}
