/** --locale, --timezone, --user-agent: the visitor the browser presents; a bad value is one line and exit 2. */
import { describe, expect, it } from 'vitest';
import { CliError, EXIT } from '../../src/cli/errors.js';
import { parseDevice, parseLocale, parseTimezone, parseUserAgent, parseVisitor } from '../../src/cli/options.js';
import { visitorScreen } from '../../src/browser/device.js';

function usage(fn: () => unknown): CliError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error('expected a usage error');
}

describe('visitor options', () => {
  it('--locale takes a language tag and canonicalises it', () => {
    expect(parseLocale('de-DE')).toBe('de-DE');
    expect(parseLocale('en-gb')).toBe('en-GB');
    const error = usage(() => parseLocale('en_US'));
    expect(error.exitCode).toBe(EXIT.usage);
    expect(error.message).toBe('--locale "en_US" is not a language tag; give one such as en-US, de-DE or fr-FR');
  });

  it('--timezone takes an IANA zone name', () => {
    expect(parseTimezone('Europe/Berlin')).toBe('Europe/Berlin');
    expect(parseTimezone('UTC')).toBe('UTC');
    expect(usage(() => parseTimezone('Mars/Olympus_Mons')).message).toBe(
      '--timezone "Mars/Olympus_Mons" is not a time zone; give an IANA name such as Europe/Berlin or America/New_York',
    );
    expect(usage(() => parseTimezone(' ')).exitCode).toBe(EXIT.usage);
  });

  it('--user-agent takes one printable line (it becomes a header)', () => {
    expect(parseUserAgent(' Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0 ')).toBe('Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0');
    for (const bad of ['', 'Mozilla/5.0\r\nX-Injected: 1']) expect(usage(() => parseUserAgent(bad)).message).toMatch(/^--user-agent must be one non-empty line/);
  });
});

describe('--device', () => {
  it('takes a Playwright device name in any case and gives its exact name', () => {
    expect(parseDevice('iPhone 13')).toBe('iPhone 13');
    expect(parseDevice('pixel 7')).toBe('Pixel 7');
  });
  it('names similar devices when the name is unknown', () => {
    const error = usage(() => parseDevice('iPhone 99'));
    expect(error.exitCode).toBe(EXIT.usage);
    expect(error.message).toMatch(/^--device "iPhone 99" is not a device Playwright knows; did you mean "iPhone/);
  });
  it('gives the context a phone screen, touch and the phone user agent; --user-agent still wins', () => {
    const phone = visitorScreen({ device: 'iPhone 13' });
    expect(phone).toMatchObject({ viewport: { width: 390, height: 664 }, isMobile: true, hasTouch: true });
    expect(phone.userAgent).toMatch(/iPhone/);
    expect(visitorScreen({ device: 'iPhone 13', userAgent: 'Mine/1.0' }).userAgent).toBe('Mine/1.0');
    expect(visitorScreen({})).toEqual({ viewport: { width: 1280, height: 800 } });
  });
});

describe('parseVisitor (scan and init)', () => {
  it('keeps what was given, checked, and leaves the rest to the defaults', () => {
    expect(parseVisitor({})).toEqual({});
    expect(parseVisitor({ locale: 'de-de', timezone: 'Europe/Berlin', userAgent: ' UA/1 ' })).toEqual({ locale: 'de-DE', timezoneId: 'Europe/Berlin', userAgent: 'UA/1' });
    expect(usage(() => parseVisitor({ timezone: 'Nowhere/Else' })).exitCode).toBe(EXIT.usage);
  });
});
