/**
 * --device: a phone or tablet as Playwright describes it (viewport, screen, pixel ratio, touch, mobile
 * layout, user agent). Banners often differ on phones: a bottom sheet instead of a bar, a refusal hidden
 * behind "More options".
 */
import { devices } from 'playwright-core';
import type { BrowserContextOptions } from 'playwright-core';

/** The exact Playwright name for what was typed ("iphone 13" → "iPhone 13"), or undefined. */
export function deviceName(typed: string): string | undefined {
  const wanted = typed.trim().toLowerCase();
  return Object.keys(devices).find((name) => name.toLowerCase() === wanted);
}

/** Names that contain every word typed, for the error message of an unknown device. */
export function similarDevices(typed: string, max = 5): string[] {
  const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
  return Object.keys(devices)
    .filter((name) => !name.endsWith(' landscape') && words.some((w) => name.toLowerCase().includes(w)))
    .slice(0, max);
}

/**
 * The screen the visitor has: a device's (with its user agent), else a desktop window of 1280×800;
 * --user-agent wins over a device's.
 */
export function visitorScreen(visitor: { device?: string; userAgent?: string }): BrowserContextOptions {
  if (visitor.device === undefined) return { viewport: { width: 1280, height: 800 } };
  const descriptor = devices[visitor.device];
  if (!descriptor) throw new Error(`unknown device ${JSON.stringify(visitor.device)}`);
  const { defaultBrowserType: _browser, ...options } = descriptor;
  return { ...options, ...(visitor.userAgent ? { userAgent: visitor.userAgent } : {}) };
}
