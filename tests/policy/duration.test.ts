import { describe, it, expect } from 'vitest';
import { DurationError, formatDuration, parseDuration } from '../../src/policy/duration.js';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
const YEAR = 365 * DAY;

describe('parseDuration', () => {
  it('reads "session" as a session cookie, in any case', () => {
    expect(parseDuration('session')).toBeNull();
    expect(parseDuration(' Session ')).toBeNull();
  });

  it.each([
    ['45s', 45], ['45 sec', 45], ['45 secs', 45], ['1 second', 1], ['45 seconds', 45],
    ['30m', 30 * MINUTE], ['30 min', 30 * MINUTE], ['30 mins', 30 * MINUTE], ['1 minute', MINUTE], ['30 minutes', 30 * MINUTE],
    ['24h', 24 * HOUR], ['2 hr', 2 * HOUR], ['2 hrs', 2 * HOUR], ['1 hour', HOUR], ['24 hours', 24 * HOUR],
    ['30d', 30 * DAY], ['1 day', DAY], ['90 days', 90 * DAY], ['400 days', 400 * DAY],
    ['2w', 14 * DAY], ['1 week', 7 * DAY], ['2 weeks', 14 * DAY],
    ['6mo', YEAR / 2], ['1 month', YEAR / 12], ['13 months', 13 * (YEAR / 12)],
    ['1y', YEAR], ['2 yr', 2 * YEAR], ['2 yrs', 2 * YEAR], ['1 year', YEAR], ['2 years', 2 * YEAR],
  ])('reads %j as %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it('makes a month 1/12 of a 365-day year, so 13 months is about 395 days', () => {
    expect(parseDuration('12 months')).toBe(parseDuration('1 year'));
    expect(parseDuration('13 months')! / DAY).toBeCloseTo(395.4, 1);
  });

  it('ignores case and optional spaces', () => {
    expect(parseDuration('24H')).toBe(24 * HOUR);
    expect(parseDuration('13 MONTHS')).toBe(parseDuration('13months'));
    expect(parseDuration('  1 Year  ')).toBe(YEAR);
  });

  it('reads "m" as minutes and "mo" as months', () => {
    expect(parseDuration('30m')).toBe(30 * MINUTE);
    expect(parseDuration('1mo')).toBe(YEAR / 12);
  });

  it('adds up combined terms and rounds fractions to whole seconds', () => {
    expect(parseDuration('2 h 30 min')).toBe(2 * HOUR + 30 * MINUTE);
    expect(parseDuration('1h30m')).toBe(HOUR + 30 * MINUTE);
    expect(parseDuration('1 year 6 months')).toBe(1.5 * YEAR);
    expect(parseDuration('1.5h')).toBe(90 * MINUTE);
    expect(parseDuration('0.4s')).toBe(0);
  });

  it.each(['', 'forever', '30', '3600', 'h', '24 hourz', '1 fortnight', '-1d', '1e3s', '1,5h', 'session 1d', '1d session', '1.d'])(
    'rejects %j with a DurationError that shows the accepted forms',
    (text) => {
      expect(() => parseDuration(text)).toThrow(DurationError);
      expect(() => parseDuration(text)).toThrow(`${JSON.stringify(text)} is not a duration: write "session" or a number with a unit`);
    },
  );

  it('rejects a number too long to be a lifetime', () => {
    expect(() => parseDuration(`${'9'.repeat(400)}y`)).toThrow(DurationError);
  });
});

describe('formatDuration', () => {
  it.each([
    [null, 'session'],
    [0, '0 s'],
    [45, '45 s'],
    [30 * MINUTE, '30 min'],
    [2 * HOUR + 30 * MINUTE, '2 h 30 min'],
    [HOUR + 5, '1 h 5 s'],
    [DAY, '1 day'],
    [DAY + 6 * HOUR, '1 day 6 h'],
    [14 * DAY, '14 days'],
    [90 * DAY, '90 days'],
    [400 * DAY, '400 days'],
    [YEAR / 12, '1 month'],
    [13 * (YEAR / 12), '13 months'],
    [YEAR, '1 year'],
    [2 * YEAR, '2 years'],
  ])('shows %j seconds as %j', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('shows lifetimes of two days or more in whole days, because measured ones are a few seconds short', () => {
    expect(formatDuration(90 * DAY - 7)).toBe('90 days');
    expect(formatDuration(YEAR - 3)).toBe('1 year');
    expect(formatDuration(2.6 * DAY)).toBe('3 days');
  });

  it('rounds fractional seconds and keeps the sign of a negative lifetime', () => {
    expect(formatDuration(44.6)).toBe('45 s');
    expect(formatDuration(-90)).toBe('-1 min 30 s');
  });

  it('prints only text that parseDuration reads back to the same seconds', () => {
    for (const seconds of [null, 0, 1, 59, 61, 3599, 3600, 5400, 86399, DAY, 1.5 * DAY, 14 * DAY, 395 * DAY, YEAR / 2, 13 * (YEAR / 12), 3 * YEAR]) {
      expect(parseDuration(formatDuration(seconds))).toBe(seconds);
    }
  });
});
