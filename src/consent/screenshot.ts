/**
 * Screenshots of the page with its consent banner, before the click and after it: the evidence a person
 * opens first when a finding says the banner was (or was not) operated. PNG files beside the reports,
 * named so that the same scan always writes the same names.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { writeFileAtomically } from '../atomic-file.js';
import type { Phase } from '../evidence/types.js';

export type ScreenshotMoment = 'before' | 'after';

const SETTLE_MS = 2000;

/** Host (and port) of the site, safe as a file name: "shop.example.com", "127.0.0.1-8443". */
export function siteSlug(siteUrl: string): string {
  const { host } = new URL(siteUrl);
  const slug = host
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[.-]+|[.-]+$/g, '');
  return slug === '' ? 'site' : slug;
}

/** `<site-slug>-<phase>-<before|after>.png` */
export function screenshotFileName(siteUrl: string, phase: Phase, moment: ScreenshotMoment): string {
  return `${siteSlug(siteUrl)}-${phase}-${moment}.png`;
}

/**
 * Writes a PNG of the viewport into `dir`; returns the file name, or undefined when the page could not
 * be captured (a screenshot is evidence, never a reason to fail the phase).
 */
export async function saveScreenshot(page: Page, dir: string, fileName: string): Promise<string | undefined> {
  try {
    // Banners fade in and out: let finite animations and transitions end first (bounded), so the picture
    // shows the banner either there or gone, not half-transparent.
    await page
      .waitForFunction(
        () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity),
        undefined,
        { timeout: SETTLE_MS, polling: 50 },
      )
      .catch(() => undefined);
    // Written whole or not at all, as the reports are: an interrupted scan leaves no truncated PNG.
    await writeFileAtomically(join(dir, fileName), await page.screenshot({ type: 'png', timeout: 5000 }));
    return fileName;
  } catch {
    return undefined;
  }
}
