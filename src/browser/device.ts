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

/** Context options of a device; its user agent unless the caller gives one. */
export function deviceContextOptions(name: string): BrowserContextOptions {
  const descriptor = devices[name];
  if (!descriptor) throw new Error(`unknown device ${JSON.stringify(name)}`);
  const { defaultBrowserType: _browser, ...options } = descriptor;
  return options;
}
