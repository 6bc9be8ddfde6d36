/**
 * Colours as the browser computes them, and the WCAG 2 contrast ratio of a control's text on what is behind
 * it (BannerControl.contrast). Pure and small so the in-page measuring code can use the very same functions:
 * each one is self-contained (no reference to anything outside its own body, types aside), so it can be
 * shipped into a page with Function.prototype.toString(), the way report/html embeds its renderer.
 */

/** A colour in sRGB: channels 0–255 (not rounded), alpha 0–1. */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

/**
 * What getComputedStyle gives for a colour: `rgb(r, g, b)`, `rgba(r, g, b, a)` (also the space-separated
 * `rgb(r g b / a)` form and percentages), `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa` and `transparent`.
 * Anything else (a colour function of another space, a keyword, garbage from a hostile page) gives null.
 */
export function parseCssColor(text: string): Rgba | null {
  const value = text.trim().toLowerCase();
  if (value === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(value);
  if (hex) {
    const digits = hex[1]!;
    const short = digits.length <= 4;
    const channel = (i: number): number =>
      short ? parseInt(digits[i]! + digits[i]!, 16) : parseInt(digits.slice(2 * i, 2 * i + 2), 16);
    const count = short ? digits.length : digits.length / 2;
    return { r: channel(0), g: channel(1), b: channel(2), a: count === 4 ? channel(3) / 255 : 1 };
  }
  const fn = /^rgba?\(\s*([^()]*)\)$/.exec(value);
  if (!fn) return null;
  const body = fn[1]!;
  // Legacy "r, g, b[, a]" or modern "r g b[ / a]".
  const parts = body.includes(',') ? body.split(',').map((p) => p.trim()) : body.replace('/', ' / ').split(/\s+/).filter((p) => p !== '');
  if (!body.includes(',')) {
    const slash = parts.indexOf('/');
    if (slash === -1 ? parts.length !== 3 : slash !== 3 || parts.length !== 5) return null;
    if (slash !== -1) parts.splice(slash, 1);
  }
  if (parts.length !== 3 && parts.length !== 4) return null;
  const number = (part: string, scale: number): number | null => {
    const match = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(%?)$/.exec(part);
    if (!match) return null;
    const n = Number(match[1]);
    return match[2] === '%' ? (n / 100) * scale : n;
  };
  const channels = parts.slice(0, 3).map((p) => number(p, 255));
  const alpha = parts[3] === undefined ? 1 : number(parts[3], 1);
  if (channels.some((c) => c === null) || alpha === null) return null;
  const clamp = (n: number, max: number): number => Math.min(max, Math.max(0, n));
  const [r, g, b] = channels as [number, number, number];
  return { r: clamp(r, 255), g: clamp(g, 255), b: clamp(b, 255), a: clamp(alpha, 1) };
}

/** `top` painted over `bottom` (source-over): what a reader sees where a translucent colour lies on another. */
export function composite(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a + bottom.a * (1 - top.a);
  if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
  const mix = (t: number, b: number): number => (t * top.a + b * bottom.a * (1 - top.a)) / a;
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
}

/**
 * WCAG 2 contrast ratio of text in `foreground` on `background`, 1–21, rounded to two decimals.
 * A translucent foreground is composited over the background first; a background that is itself not
 * opaque is taken as lying on white (the page's canvas when nothing else is behind it).
 */
export function contrastRatio(foreground: Rgba, background: Rgba): number {
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top.a + bottom.a * (1 - top.a);
    if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
    const mix = (t: number, b: number): number => (t * top.a + b * bottom.a * (1 - top.a)) / a;
    return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
  };
  // Relative luminance per WCAG 2 (sRGB threshold 0.04045, as in the sRGB standard and WCAG 2.2's note).
  const luminance = (c: Rgba): number => {
    const linear = (channel: number): number => {
      const s = channel / 255;
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);
  };
  const back = background.a >= 1 ? background : over(background, { r: 255, g: 255, b: 255, a: 1 });
  const front = foreground.a >= 1 ? foreground : over(foreground, back);
  const [light, dark] = [luminance(front), luminance(back)].sort((x, y) => y - x) as [number, number];
  return Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100;
}

/** `rgb(r, g, b)` or `rgba(r, g, b, a)` with whole channels: the one form reports show a colour in. */
export function formatCssColor(color: Rgba): string {
  const [r, g, b] = [color.r, color.g, color.b].map((c) => Math.round(c));
  if (color.a >= 1) return `rgb(${r}, ${g}, ${b})`;
  return `rgba(${r}, ${g}, ${b}, ${Math.round(color.a * 1000) / 1000})`;
}
