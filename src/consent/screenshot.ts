/**
 * Screenshots of the page with its consent banner, before the click and after it: the evidence a person
 * opens first when a finding says the banner was (or was not) operated; and one of the banner with each
 * first-layer control outlined and labelled with its role, the picture beside the banner's measurements.
 * PNG files beside the reports, named so that the same scan always writes the same names.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { withinTime } from '../evidence/capture.js';
import { writeFileAtomically } from '../atomic-file.js';
import type { Phase } from '../evidence/types.js';
import type { BannerEvidence } from './types.js';
import { WATCH_KEY } from './watch.js';

export type ScreenshotMoment = 'before' | 'after' | 'outlined';

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

/** `<site-slug>-<phase>-<before|after|outlined>.png` */
export function screenshotFileName(siteUrl: string, phase: Phase, moment: ScreenshotMoment): string {
  return `${siteSlug(siteUrl)}-${phase}-${moment}.png`;
}

/** Run in the page: resolves once no finite animation or transition runs and its fonts have loaded, or after `ms`. */
function settleAnimations({ ms, key }: { ms: number; key: string }): Promise<boolean> {
  const natives = (() => {
    try {
      return (window as unknown as Record<string, { natives?: { setTimeout?: typeof setTimeout } } | undefined>)[key]?.natives;
    } catch {
      return undefined;
    }
  })();
  const later = natives?.setTimeout ?? window.setTimeout.bind(window);
  const deadline = performance.now() + ms;
  return new Promise((resolve) => {
    const check = () => {
      const still =
        document.fonts.status === 'loaded' && document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity);
      if (still || performance.now() >= deadline) resolve(still);
      else later(check, 50);
    };
    check();
  });
}

/**
 * Writes a PNG of the viewport into `dir`; returns the file name, or undefined when the page could not
 * be captured (a screenshot is evidence, never a reason to fail the phase).
 */
export async function saveScreenshot(page: Page, dir: string, fileName: string): Promise<string | undefined> {
  try {
    // Banners fade in and out: let finite animations and transitions end first (bounded), so the picture
    // shows the banner either there or gone, not half-transparent.
    // Polled in the page with the browser's own timer (the watch's copy, where it is installed: the page's
    // may be wrapped, and its short timers count as "the page is still busy"); not with waitForFunction,
    // which first puts Playwright's whole injected script on the page (~0.1 s, on the click's critical path).
    await withinTime(page.evaluate(settleAnimations, { ms: SETTLE_MS, key: WATCH_KEY }), SETTLE_MS + 1000);
    const png = await withinTime(viewportPng(page), CAPTURE_MS);
    if (png === undefined) return undefined;
    // Written whole or not at all, as the reports are: an interrupted scan leaves no truncated PNG.
    await writeFileAtomically(join(dir, fileName), png);
    return fileName;
  } catch {
    return undefined;
  }
}

const CAPTURE_MS = 5000;

/**
 * The viewport as a PNG, taken by the browser from what it last drew. Not page.screenshot: Playwright first
 * runs a script in every frame of the page (to hide the text caret), and one frame whose script never yields
 * (another site's chat widget or map, stuck) held each screenshot for its whole timeout, after which there
 * was no screenshot at all (two 5 s waits a consent phase). The fonts are waited for in settleAnimations.
 */
async function viewportPng(page: Page): Promise<Buffer> {
  const session = await page.context().newCDPSession(page);
  try {
    const { data } = await session.send('Page.captureScreenshot', { format: 'png' });
    return Buffer.from(data, 'base64');
  } finally {
    await session.detach().catch(() => undefined);
  }
}

/** Outline colours by role: accepting green, refusing red, the way to the settings blue, anything else grey. */
const ROLE_COLOURS: Record<string, string> = { accept: '#0a7d32', reject: '#c0182b', settings: '#1f5fbf', save: '#7a3db8', close: '#8a5a00', other: '#555555' };

/**
 * Writes a PNG of the viewport with the banner's box and each first-layer control outlined and labelled
 * with its role; the drawing is taken off the page again whatever happens. Drawn in the top layer (a
 * popover), so it shows over a modal <dialog> banner too.
 */
export async function saveOutlinedScreenshot(page: Page, dir: string, fileName: string, banner: BannerEvidence): Promise<string | undefined> {
  const boxes = [
    { label: 'banner', colour: '#333333', dashed: true, ...banner.box },
    ...banner.controls.map((c) => ({ label: c.role, colour: ROLE_COLOURS[c.role] ?? '#555555', dashed: false, ...c.box })),
  ];
  const drawn = await page
    .evaluate((list) => {
      const layer = document.createElement('div');
      layer.setAttribute('data-cookie-audit', 'outline');
      const s = layer.style;
      s.position = 'fixed';
      s.inset = '0';
      s.margin = '0';
      s.padding = '0';
      s.border = '0';
      s.width = '100vw';
      s.height = '100vh';
      s.maxWidth = 'none';
      s.maxHeight = 'none';
      s.overflow = 'visible';
      s.background = 'transparent';
      s.pointerEvents = 'none';
      s.zIndex = '2147483647';
      for (const b of list) {
        const frame = document.createElement('div');
        const f = frame.style;
        f.position = 'absolute';
        f.left = `${b.x - 3}px`;
        f.top = `${b.y - 3}px`;
        f.width = `${b.width + 6}px`;
        f.height = `${b.height + 6}px`;
        f.boxSizing = 'border-box';
        f.border = `3px ${b.dashed ? 'dashed' : 'solid'} ${b.colour}`;
        f.borderRadius = '3px';
        const tag = document.createElement('span');
        tag.textContent = b.label;
        const t = tag.style;
        t.position = 'absolute';
        t.left = '-3px';
        t.top = b.y >= 20 ? '-20px' : '100%';
        t.padding = '1px 5px';
        t.background = b.colour;
        t.color = '#ffffff';
        t.font = 'bold 12px/16px system-ui, sans-serif';
        t.whiteSpace = 'nowrap';
        frame.append(tag);
        layer.append(frame);
      }
      document.documentElement.append(layer);
      // The top layer sits above everything, a modal <dialog> included.
      try {
        layer.setAttribute('popover', 'manual');
        (layer as HTMLElement & { showPopover(): void }).showPopover();
      } catch {
        layer.removeAttribute('popover');
      }
      return true;
    }, boxes)
    .catch(() => false);
  if (!drawn) return undefined;
  try {
    return await saveScreenshot(page, dir, fileName);
  } finally {
    await page.evaluate(() => document.querySelectorAll('[data-cookie-audit=outline]').forEach((el) => el.remove())).catch(() => undefined);
  }
}
