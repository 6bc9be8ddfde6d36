import { describe, expect, it } from 'vitest';
import { composite, contrastRatio, formatCssColor, parseCssColor, type Rgba } from '../../src/consent/contrast.js';

const rgb = (r: number, g: number, b: number, a = 1): Rgba => ({ r, g, b, a });
const WHITE = rgb(255, 255, 255);
const BLACK = rgb(0, 0, 0);

describe('parseCssColor', () => {
  it.each([
    ['rgb(255, 0, 0)', rgb(255, 0, 0)],
    ['rgba(0, 0, 0, 0.5)', rgb(0, 0, 0, 0.5)],
    ['rgb(10 20 30 / 25%)', rgb(10, 20, 30, 0.25)],
    ['rgb(100%, 50%, 0%)', rgb(255, 127.5, 0)],
    ['  RGBA(1, 2, 3, 1) ', rgb(1, 2, 3)],
    ['#fff', WHITE],
    ['#0008', rgb(0, 0, 0, 136 / 255)],
    ['#1a2b3c', rgb(26, 43, 60)],
    ['#1a2b3c80', rgb(26, 43, 60, 128 / 255)],
    ['transparent', rgb(0, 0, 0, 0)],
    ['rgb(300, -4, 12)', rgb(255, 0, 12)],
  ])('reads %s', (text, expected) => {
    expect(parseCssColor(text)).toEqual(expected);
  });

  it.each(['', 'red', 'oklch(0.5 0.1 120)', 'color(srgb 1 0 0)', 'rgb(1, 2)', 'rgb(1 2 3 4)', 'rgb(1, 2 3)', '#12345', 'rgb(1,2,3) url(x)', 'rgb(a, b, c)'])(
    'gives null for %j',
    (text) => {
      expect(parseCssColor(text)).toBeNull();
    },
  );
});

describe('composite', () => {
  it('paints a translucent colour over an opaque one', () => {
    expect(composite(rgb(0, 0, 0, 0.5), WHITE)).toEqual(rgb(127.5, 127.5, 127.5, 1));
    expect(composite(rgb(255, 0, 0, 1), BLACK)).toEqual(rgb(255, 0, 0, 1));
  });

  it('keeps translucency when both are translucent, and nothing over nothing stays transparent', () => {
    const result = composite(rgb(255, 255, 255, 0.5), rgb(0, 0, 0, 0.5));
    expect(result.a).toBeCloseTo(0.75);
    expect(result.r).toBeCloseTo(170);
    expect(composite(rgb(1, 2, 3, 0), rgb(4, 5, 6, 0))).toEqual(rgb(0, 0, 0, 0));
  });
});

describe('contrastRatio (WCAG 2)', () => {
  it('spans 1 to 21 and does not depend on which colour is the text', () => {
    expect(contrastRatio(BLACK, WHITE)).toBe(21);
    expect(contrastRatio(WHITE, BLACK)).toBe(21);
    expect(contrastRatio(WHITE, WHITE)).toBe(1);
  });

  it('agrees with published figures for common pairs', () => {
    // #767676 on white is the classic "just passes AA" grey: 4.54:1; #777 fails with 4.48:1.
    expect(contrastRatio(parseCssColor('#767676')!, WHITE)).toBe(4.54);
    expect(contrastRatio(parseCssColor('#777777')!, WHITE)).toBe(4.48);
    // White on Bootstrap's primary blue #0d6efd: 4.5:1; light grey #999 on white: 2.85:1.
    expect(contrastRatio(WHITE, parseCssColor('#0d6efd')!)).toBe(4.5);
    expect(contrastRatio(parseCssColor('#999')!, WHITE)).toBe(2.85);
  });

  it('composites translucent text over its background, and a translucent background over white', () => {
    // Half-transparent black text on white reads as #808080 on white.
    expect(contrastRatio(rgb(0, 0, 0, 0.5), WHITE)).toBe(contrastRatio(rgb(127.5, 127.5, 127.5), WHITE));
    // A fully transparent background is the white page.
    expect(contrastRatio(BLACK, rgb(0, 0, 0, 0))).toBe(21);
    // Invisible text has no contrast at all.
    expect(contrastRatio(rgb(0, 0, 0, 0), WHITE)).toBe(1);
  });

  it('is self-contained, so in-page code can embed it', () => {
    // Rebuilt from its source text alone, the function gives the same answer.
    const rebuilt = new Function(`return (${contrastRatio.toString()})`)() as typeof contrastRatio;
    expect(rebuilt(parseCssColor('#767676')!, WHITE)).toBe(4.54);
    const parse = new Function(`return (${parseCssColor.toString()})`)() as typeof parseCssColor;
    expect(parse('rgba(1, 2, 3, 0.5)')).toEqual(rgb(1, 2, 3, 0.5));
  });
});

describe('formatCssColor', () => {
  it('writes whole channels, alpha only when translucent', () => {
    expect(formatCssColor(rgb(127.5, 0, 255))).toBe('rgb(128, 0, 255)');
    expect(formatCssColor(rgb(1, 2, 3, 0.12345))).toBe('rgba(1, 2, 3, 0.123)');
  });
});
