/**
 * The pure parts of consent automation: which autoconsent rules a frame gets, and the screenshot file
 * names. (The browser parts are tested where a user sees them: tests/e2e/consent-*.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoconsentVersion, rulesForFrame } from '../../src/consent/autoconsent.js';
import { screenshotFileName, siteSlug } from '../../src/consent/screenshot.js';

const require = createRequire(import.meta.url);
const shipped = (JSON.parse(readFileSync(require.resolve('@duckduckgo/autoconsent/rules/rules.json'), 'utf8')) as { autoconsent: Parameters<typeof rulesForFrame>[0][number][] }).autoconsent;

describe('rulesForFrame', () => {
  const rules = [
    { name: 'generic' },
    { name: 'cosmetic', cosmetic: true },
    { name: 'frame-only', runContext: { main: false, frame: true } },
    { name: 'everywhere', runContext: { frame: true } },
    { name: 'one-site', runContext: { urlPattern: '^https://(www\\.)?shop\\.example/' } },
    { name: 'broken-pattern', runContext: { urlPattern: '(' } },
  ];
  const names = (url: string, mainFrame: boolean, cosmetic: boolean) => rulesForFrame(rules, url, mainFrame, cosmetic).map((r) => r.name);

  it('gives the top frame the generic rules, and site-specific ones only on their site', () => {
    expect(names('https://other.example/', true, true)).toEqual(['generic', 'cosmetic', 'everywhere']);
    expect(names('https://shop.example/cart', true, true)).toEqual(['generic', 'cosmetic', 'everywhere', 'one-site']);
  });

  it('gives iframes only the rules written for frames', () => {
    expect(names('https://cmp.example/frame', false, true)).toEqual(['frame-only', 'everywhere']);
  });

  it('leaves out cosmetic rules when refusing: hiding a banner is not refusing it', () => {
    expect(names('https://other.example/', true, false)).toEqual(['generic', 'everywhere']);
  });

  it('keeps the shipped rule set small for an ordinary page, with the platforms the fixtures use', () => {
    const top = rulesForFrame(shipped, 'https://example.com/', true, true);
    expect(top.length).toBeGreaterThan(100);
    expect(top.length).toBeLessThan(shipped.length / 2);
    expect(top.map((r) => r.name)).toEqual(expect.arrayContaining(['cookieconsent3', 'tarteaucitron.js', 'tarteaucitron deny']));
  });

  it('reads the installed autoconsent version', () => {
    const rulesPath = require.resolve('@duckduckgo/autoconsent/rules/rules.json');
    const packageJson = join(dirname(dirname(rulesPath)), 'package.json');
    expect(autoconsentVersion()).toBe((JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version);
  });
});

describe('screenshot file names', () => {
  it('are <site>-<phase>-<before|after>.png, the same for every scan of the site', () => {
    expect(screenshotFileName('https://shop.example.com/de/start?x=1', 'reject', 'before')).toBe('shop.example.com-reject-before.png');
    expect(screenshotFileName('https://127.0.0.1:8443/', 'accept', 'after')).toBe('127.0.0.1-8443-accept-after.png');
  });

  it('cannot leave the report folder, whatever the host looks like', () => {
    expect(siteSlug('https://[::1]:8443/')).toBe('1-8443');
    expect(siteSlug('https://xn--bcher-kva.example/')).toBe('xn--bcher-kva.example');
    for (const url of ['https://a..b/', 'https://../']) expect(siteSlug(url)).not.toMatch(/\.\.|\//);
  });
});
