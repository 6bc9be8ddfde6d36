import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { AMBIGUOUS_LABELS, ambiguousIn, normalizeLabel, parseAmbiguousLabels } from '../../src/audit/ambiguous-labels.js';
import { BANNER_THRESHOLDS, parseBannerThresholds } from '../../src/audit/banner-thresholds.js';

/** The banner rules' data in rules/: valid against its schema, and saying what the rules' docs say. */
const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const thresholds = readJson('../../rules/banner-thresholds.json');
const labels = readJson('../../rules/ambiguous-consent-labels.json') as { languages: Record<string, string[]>; symbols: string[] };
const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'sv', 'da'];

function validator(schemaPath: string) {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(readJson(schemaPath) as object);
}

describe('rules/banner-thresholds.json', () => {
  const validate = validator('../../rules/banner-thresholds.schema.json');

  it('is valid against its schema, and the schema rejects what the loader rejects', () => {
    expect(validate(thresholds), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(thresholds) as { rejectLessProminent: Record<string, unknown> };
    broken.rejectLessProminent['minAreaRatio'] = 2;
    expect(validate(broken)).toBe(false);
    expect(() => parseBannerThresholds(broken)).toThrow('banner-thresholds.json: rejectLessProminent.minAreaRatio must be a number from 0 to 1');
  });

  it('holds the thresholds the README documents', () => {
    expect(BANNER_THRESHOLDS).toEqual({
      rejectHarderThanAccept: { extraClicksAllowed: 0 },
      rejectLessProminent: { minAreaRatio: 0.5, minFontSizeRatio: 0.85, minContrastRatio: 0.6, contrastFloor: 3 },
    });
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const key of ['extraClicksAllowed', 'minAreaRatio', 'minFontSizeRatio', 'minContrastRatio', 'contrastFloor']) expect(readme).toContain(`\`${key}\``);
  });

  it('rejects a missing group or a fractional click count at load', () => {
    expect(() => parseBannerThresholds({})).toThrow(/rejectHarderThanAccept\.extraClicksAllowed/);
    expect(() => parseBannerThresholds({ ...(thresholds as object), rejectHarderThanAccept: { extraClicksAllowed: 0.5 } })).toThrow(/whole number/);
  });
});

describe('rules/ambiguous-consent-labels.json', () => {
  const validate = validator('../../rules/ambiguous-consent-labels.schema.json');

  it('is valid against its schema, which requires exactly the ten languages of the banner heuristic', () => {
    expect(validate(labels), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(labels.languages)).toEqual(LANGUAGES);
    const { da: _da, ...nine } = labels.languages;
    expect(validate({ ...labels, languages: nine })).toBe(false);
    expect(validate({ ...labels, languages: { ...labels.languages, xx: ['ok'] } })).toBe(false);
  });

  it('lists no label twice in a language once normalised, and none that says it gives consent', () => {
    const consenting = /accept|akzept|zustimm|einverstanden|erlaub|agree|allow|consent|d'accord|accepter|autoris|acept|de acuerdo|permit|accett|acconsent|consent|toestaan|akkoord|aceit|concord|permitir|akcept|zgadzam|zgod|godkän|tillåt|godkend|acceptér|tillad/i;
    for (const [language, list] of Object.entries(labels.languages)) {
      const normalised = list.map(normalizeLabel);
      expect(new Set(normalised).size, language).toBe(list.length);
      for (const label of list) expect(label, `${language}: ${label}`).not.toMatch(consenting);
    }
  });

  it('normalises case, punctuation, apostrophes, arrows and spacing, but not the words', () => {
    expect(normalizeLabel('  OK,   got it! ')).toBe('ok got it');
    expect(normalizeLabel('J\u2019ai compris')).toBe("j'ai compris");
    expect(normalizeLabel('Continue →')).toBe('continue');
    expect(normalizeLabel('SCHLIESSEN')).toBe('schliessen');
    expect(normalizeLabel(' ✕ ')).toBe('✕');
    expect(ambiguousIn('Schließen')).toEqual(['de']);
    expect(ambiguousIn('✖')).toEqual(['symbol']);
    expect(ambiguousIn('Accept all')).toEqual([]);
    expect(AMBIGUOUS_LABELS.byLabel.get('ok')).toEqual(LANGUAGES);
  });

  it('rejects an empty label at load', () => {
    expect(() => parseAmbiguousLabels({ languages: { en: ['  '] }, symbols: [] })).toThrow('ambiguous-consent-labels.json: en holds an empty or non-text label');
    expect(() => parseAmbiguousLabels({ languages: { en: ['ok'] } })).toThrow(/"symbols" must be an array/);
  });
});
