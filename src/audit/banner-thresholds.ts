/**
 * rules/banner-thresholds.json: when the banner rules fire. Data a person reviews and tunes, so it is
 * checked once at load (a typo must fail loudly, not silently turn a rule off); the schema beside it is
 * checked against the file in a test.
 */
import thresholdsJson from '../../rules/banner-thresholds.json' with { type: 'json' };

export interface BannerThresholds {
  rejectHarderThanAccept: {
    /** Refusing may take this many more clicks than accepting. */
    extraClicksAllowed: number;
  };
  rejectLessProminent: {
    /** Least share of the acceptance control's area the refusal control must have. */
    minAreaRatio: number;
    /** Least share of the acceptance control's font size. */
    minFontSizeRatio: number;
    /** Least share of the acceptance control's text contrast. */
    minContrastRatio: number;
    /** A refusal under this contrast, where acceptance is not, is too faint. */
    contrastFloor: number;
  };
}

function numberAt(json: unknown, group: string, key: string, min: number, max: number): number {
  const value = ((json as Record<string, unknown> | null)?.[group] as Record<string, unknown> | undefined)?.[key];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`banner-thresholds.json: ${group}.${key} must be a number from ${min} to ${max}`);
  }
  return value;
}

export function parseBannerThresholds(json: unknown): BannerThresholds {
  const extraClicksAllowed = numberAt(json, 'rejectHarderThanAccept', 'extraClicksAllowed', 0, 10);
  if (!Number.isInteger(extraClicksAllowed)) throw new Error('banner-thresholds.json: rejectHarderThanAccept.extraClicksAllowed must be a whole number');
  return {
    rejectHarderThanAccept: { extraClicksAllowed },
    rejectLessProminent: {
      minAreaRatio: numberAt(json, 'rejectLessProminent', 'minAreaRatio', 0, 1),
      minFontSizeRatio: numberAt(json, 'rejectLessProminent', 'minFontSizeRatio', 0, 1),
      minContrastRatio: numberAt(json, 'rejectLessProminent', 'minContrastRatio', 0, 1),
      contrastFloor: numberAt(json, 'rejectLessProminent', 'contrastFloor', 1, 21),
    },
  };
}

export const BANNER_THRESHOLDS: BannerThresholds = parseBannerThresholds(thresholdsJson);
