import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { onlyReopens, reopenPhrase } from '../../src/consent/reopen.js';
import { CONSENT_LANGUAGES, REOPEN_WORDS } from '../../src/consent/words.js';

const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const words = readJson('../../rules/consent-words.json') as { languages: Record<string, { reopen: string[] }>; reopenSelectors: Record<string, unknown> };

describe('rules/consent-words.json', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(readJson('../../rules/consent-words.schema.json') as object);

  it('is valid against its schema, which requires reopen words in every language and the platforms\u2019 revisit selectors', () => {
    expect(validate(words), JSON.stringify(validate.errors)).toBe(true);
    for (const language of CONSENT_LANGUAGES) expect(words.languages[language]?.reopen.length, language).toBeGreaterThan(0);
    const { en, ...rest } = words.languages;
    const { reopen: _reopen, ...enWithout } = en!;
    expect(validate({ ...words, languages: { ...rest, en: enWithout } })).toBe(false);
    const { reopenSelectors: _selectors, ...noSelectors } = words;
    expect(validate(noSelectors)).toBe(false);
  });

  it('names the revisit controls of the consent libraries the fixtures use, as their code does', () => {
    const selectors = REOPEN_WORDS.selectors.map((s) => `${s.library}: ${s.selector}`);
    expect(selectors).toContain('vanilla-cookieconsent 3: [data-cc="show-preferencesModal"]');
    expect(selectors).toContain('klaro: [onclick*="klaro.show"]');
    expect(selectors).toContain('tarteaucitron: #tarteaucitronIcon button');
    expect(REOPEN_WORDS.selectors.some((s) => s.library === '$comment')).toBe(false);
  });
});

describe('reopenPhrase: a control whose words reopen the consent choices', () => {
  it.each([
    ['Cookie settings', 'cookie settings'],
    ['Privacy Settings', 'privacy settings'],
    ['Manage consent', 'manage consent'],
    ['Your Privacy Choices', 'privacy choices'],
    ['Cookie-Einstellungen', 'cookie einstellungen'],
    ['Datenschutzeinstellungen', 'datenschutzeinstellungen'],
    ['Gérer les cookies', 'gérer les cookies'],
    ['Configuración de cookies', 'configuración de cookies'],
    ['Impostazioni cookie', 'impostazioni cookie'],
    ['Cookie-instellingen', 'cookie instellingen'],
    ['Preferências de cookies', 'preferências de cookies'],
    ['Ustawienia plików cookie', 'ustawienia plików cookie'],
    ['Cookieinställningar', 'cookieinställningar'],
    ['Cookieindstillinger', 'cookieindstillinger'],
  ])('%s', (text, phrase) => {
    expect(reopenPhrase(text, REOPEN_WORDS.stems)).toBe(phrase);
  });

  it.each(['Cookie policy', 'Privacy policy', 'Accept all', 'Settings', 'Subscribe to our newsletter', '', 'We use cookies; you can change your cookie settings at any time on this page'])(
    'not %j',
    (text) => {
      expect(reopenPhrase(text, REOPEN_WORDS.stems)).toBeUndefined();
    },
  );
});

describe('onlyReopens: a box found after consent is the way back, not the banner, when all it offers is the settings', () => {
  it('a floating "Cookie settings" button, beside text', () => {
    expect(onlyReopens([{ role: 'settings' }])).toBe(true);
    expect(onlyReopens([{ role: 'other' }, { role: 'settings' }])).toBe(true);
  });
  it('not a banner that asks again, nor a box with nothing to do', () => {
    expect(onlyReopens([{ role: 'accept' }, { role: 'settings' }])).toBe(false);
    expect(onlyReopens([{ role: 'close' }, { role: 'settings' }])).toBe(false);
    expect(onlyReopens([{ role: 'other' }])).toBe(false);
    expect(onlyReopens([])).toBe(false);
  });
});
