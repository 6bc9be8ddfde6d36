/**
 * One page's HTML as a browser renders it: for reading a site's published cookie policy. Loaded with the
 * same browser, host mappings and certificate settings as a scan, so a staging policy page behind
 * --resolve or a self-signed certificate reads like the real one. Policies rendered by script (a consent
 * platform's cookie declaration) are read after they render.
 */
import type { FoundBrowser } from '../browser/find.js';
import { launchBrowser } from '../browser/launch.js';
import type { HostMapping } from '../browser/resolve.js';
import { describeError } from '../browser/errors.js';
import { NetworkQuiet } from './quiet.js';

export interface FetchPageOptions {
  browser: FoundBrowser;
  mappings: readonly HostMapping[];
  ignoreHttpsErrors: boolean;
  timeoutMs: number;
}

export interface FetchedPage {
  /** Where the page ended up after redirects. */
  url: string;
  html: string;
}

/** The page could not be loaded; the message says why in one line. */
export class PageFetchError extends Error {
  override name = 'PageFetchError';
}

export async function fetchPageHtml(url: string, options: FetchPageOptions): Promise<FetchedPage> {
  let launched;
  try {
    launched = await launchBrowser({ executablePath: options.browser.executablePath, mappings: options.mappings });
  } catch (error) {
    throw new PageFetchError(`Chromium at ${options.browser.executablePath} could not start: ${describeError(error)}`);
  }
  try {
    const context = await launched.browser.newContext({
      ignoreHTTPSErrors: options.ignoreHttpsErrors,
      acceptDownloads: false,
      userAgent: launched.userAgent,
    });
    const quiet = new NetworkQuiet(context);
    const page = await context.newPage();
    let response;
    try {
      response = await page.goto(url, { waitUntil: 'load', timeout: options.timeoutMs });
      await quiet.wait(Math.min(5000, options.timeoutMs));
    } catch (error) {
      throw new PageFetchError(describeError(error));
    }
    if (response && !response.ok()) throw new PageFetchError(`HTTP ${response.status()}`);
    return { url: page.url(), html: await page.content() };
  } finally {
    await launched.close();
  }
}
