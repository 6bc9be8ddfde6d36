/**
 * Cookie lifetimes as people write them in a manifest ("session", "24h", "13 months", "1 year 6 months")
 * and as reports show them. One grammar, used both here and (as a regex) in rules/policy.schema.json.
 */

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const YEAR = 365 * DAY;
/** A calendar-average month, so that 12 months is exactly 1 year (13 months ≈ 395 days). */
const MONTH = YEAR / 12;

/** Every unit spelling the grammar accepts (matched case-insensitively), in seconds. */
export const DURATION_UNITS: Readonly<Record<string, number>> = {
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  m: MINUTE, min: MINUTE, mins: MINUTE, minute: MINUTE, minutes: MINUTE,
  h: HOUR, hr: HOUR, hrs: HOUR, hour: HOUR, hours: HOUR,
  d: DAY, day: DAY, days: DAY,
  w: WEEK, week: WEEK, weeks: WEEK,
  mo: MONTH, month: MONTH, months: MONTH,
  y: YEAR, yr: YEAR, yrs: YEAR, year: YEAR, years: YEAR,
};

/**
 * JSON Schema `pattern` has no case-insensitive flag, so the grammar spells each letter as a class ("[dD]").
 * Longest spellings first keeps the alternation readable when debugging ("minutes" before "m").
 */
const foldCase = (word: string): string => word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
const UNIT_ALTERNATION = Object.keys(DURATION_UNITS)
  .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
  .map(foldCase)
  .join('|');
const TERM = `(\\d+(?:\\.\\d+)?)\\s*(${UNIT_ALTERNATION})`;

/**
 * The whole grammar as a regex source: "session", or one or more number+unit terms ("2 h 30 min").
 * rules/policy.schema.json carries this exact string; a test keeps the two identical.
 */
export const DURATION_PATTERN = `^\\s*(?:${foldCase('session')}\\s*|(?:${TERM}\\s*)+)$`;

const WHOLE = new RegExp(DURATION_PATTERN);
const TERMS = new RegExp(TERM, 'g');

/** Thrown by parseDuration for text outside the grammar. */
export class DurationError extends Error {
  override name = 'DurationError';
  constructor(readonly text: string) {
    super(
      `${JSON.stringify(text)} is not a duration: write "session" or a number with a unit, ` +
        `e.g. "30m", "24h", "90 days", "13 months", "1y"`,
    );
  }
}

/**
 * Seconds in a duration, or null for "session" (a cookie that ends with the browser session).
 * Fractions are allowed ("1.5h") and the result is rounded to whole seconds.
 * Throws DurationError for anything else, including a bare number: "30" could mean seconds or days.
 */
export function parseDuration(text: string): number | null {
  if (!WHOLE.test(text)) throw new DurationError(text);
  if (text.trim().toLowerCase() === 'session') return null;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(TERMS)) {
    seconds += Number(amount) * DURATION_UNITS[unit!.toLowerCase()]!;
  }
  // Hundreds of digits parse to Infinity; not a lifetime anyone means.
  if (!Number.isFinite(seconds)) throw new DurationError(text);
  return Math.round(seconds);
}

const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;

/**
 * Human text for a lifetime: "session", "1 year", "13 months", "90 days", "1 day 6 h", "2 h 30 min", "45 s".
 * Two days or more are shown in whole days: observed lifetimes are measured from when a page was
 * visited, so their last seconds are noise. Everything it prints, parseDuration reads back.
 */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return 'session';
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  const s = Math.round(seconds);
  for (const [unit, size] of [['year', YEAR], ['month', MONTH], ['day', DAY]] as const) {
    if (s >= size && s % size === 0) return plural(s / size, unit);
  }
  if (s >= 2 * DAY) return formatDuration(Math.round(s / DAY) * DAY);
  const parts: string[] = [];
  let rest = s;
  for (const [unit, size] of [['day', DAY], ['h', HOUR], ['min', MINUTE], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(unit === 'day' ? plural(n, unit) : `${n} ${unit}`);
  }
  return parts.length > 0 ? parts.join(' ') : '0 s';
}
