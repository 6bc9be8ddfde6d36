/**
 * The browser cookie-audit launches (src/browser/launch.ts): no address-bar popup pages loaded for each
 * context (a renderer and about a second of CPU each), and none of the features Playwright turns off turned
 * back on by our own --disable-features (Chromium keeps only the last one). Real Chromium; the features in
 * effect are read from the command line Chromium gives its network process (Linux /proc).
 */
import { readFileSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/browser/find.js';
import { launchBrowser, type LaunchedBrowser } from '../../src/browser/launch.js';

/** The features the running Chromium has turned off, as it tells its network process. */
async function disabledFeatures(browser: Browser): Promise<Set<string>> {
  const session = await browser.newBrowserCDPSession();
  const { processInfo } = (await session.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
  await session.detach();
  const network = processInfo.find((p) => p.type === 'network.mojom.NetworkService');
  if (!network) throw new Error('no network process found');
  // A process forked from the zygote rewrites its command line as one string: the flag is matched, not split out.
  const flag = /--disable-features=([^\s\0]+)/.exec(readFileSync(`/proc/${network.id}/cmdline`, 'utf8'));
  return new Set(flag ? flag[1]!.split(',') : []);
}

describe('the launched browser', () => {
  const executablePath = findBrowser().executablePath;
  let ours: LaunchedBrowser;
  let plain: Browser;

  beforeAll(async () => {
    [ours, plain] = await Promise.all([launchBrowser({ executablePath }), chromium.launch({ executablePath })]);
  });
  afterAll(async () => {
    await Promise.all([ours?.close(), plain?.close()]);
  });

  it('loads no address-bar popup for its contexts', async () => {
    const contexts = await Promise.all([ours.browser.newContext(), ours.browser.newContext()]);
    await Promise.all(contexts.map(async (context) => (await context.newPage()).goto('data:text/html,<p>a page</p>')));
    const session = await ours.browser.newBrowserCDPSession();
    const { targetInfos } = (await session.send('Target.getTargets', { filter: [{}] })) as { targetInfos: { type: string; url: string }[] };
    await session.detach();
    await Promise.all(contexts.map((context) => context.close()));
    expect(targetInfos.filter((t) => t.type === 'page').length).toBeGreaterThanOrEqual(2);
    expect(targetInfos.filter((t) => t.url.includes('.top-chrome')).map((t) => t.url)).toEqual([]);
  });

  it('keeps every feature Playwright turns off turned off', async () => {
    const [mine, playwrights] = await Promise.all([disabledFeatures(ours.browser), disabledFeatures(plain)]);
    expect(playwrights.size).toBeGreaterThan(3);
    expect([...playwrights].filter((feature) => !mine.has(feature))).toEqual([]);
    expect(mine.has('WebUIOmniboxPopup') && mine.has('WebUIOmniboxAimPopup')).toBe(true);
  });
});
