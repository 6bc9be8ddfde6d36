/**
 * rules/policy-vocabulary.json, the words `policy extract` reads policies with, is data a person reviews:
 * it must validate against its schema, and each word must mean one thing.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { compileVocabulary, vocabulary, type VocabularyFile } from '../../src/policy/extract-vocabulary.js';
import { categoryIn, lifetimeIn, storageTypeIn } from '../../src/policy/extract/phrases.js';

const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const data = readJson('../../rules/policy-vocabulary.json') as VocabularyFile;
const schema = readJson('../../rules/policy-vocabulary.schema.json') as Record<string, unknown>;

describe('rules/policy-vocabulary.json', () => {
  it('compiles its schema under ajv strict mode and validates against it', () => {
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
    validate(data);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('gives every unit word one unit, and every provider its own name', () => {
    const units = Object.values(data.units).flat();
    expect(units.filter((u, i) => units.indexOf(u) !== i)).toEqual([]);
    const names = data.providers.map((p) => p.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('compiles to matchers (an empty list would match nothing and is refused by the schema)', () => {
    expect(() => compileVocabulary(data)).not.toThrow();
    expect(vocabulary().providers.length).toBe(data.providers.length);
  });
});

describe('the vocabulary at work, in its ten languages', () => {
  it.each([
    ['Notwendige Cookies', 'necessary'],
    ['Cookies strictement nécessaires', 'necessary'],
    ['Cookies técnicas', 'necessary'],
    ['Cookie tecnici', 'necessary'],
    ['Noodzakelijke cookies', 'necessary'],
    ['Cookies estritamente necessários', 'necessary'],
    ['Niezbędne pliki cookie', 'necessary'],
    ['Nödvändiga kakor', 'necessary'],
    ['Nødvendige cookies', 'necessary'],
    ['Statistik-Cookies', 'analytics'],
    ["Cookies de mesure d'audience", 'analytics'],
    ['Cookies de análisis', 'analytics'],
    ['Cookie analitici', 'analytics'],
    ['Analytische cookies', 'analytics'],
    ['Pliki cookie analityczne', 'analytics'],
    ['Cookies de preferências', 'functional'],
    ['Funktionelle cookies', 'functional'],
    ['Marketing-Cookies', 'marketing'],
    ['Cookies publicitaires', 'marketing'],
    ['Cookie di profilazione', 'marketing'],
    ['Marknadsföringskakor', 'marketing'],
    ['Reklamowe pliki cookie', 'marketing'],
    ['Performance and Analytics', 'analytics'],
    ['Advertising measurement', 'marketing'],
    ['How to delete cookies', undefined],
  ])('%j is %j', (heading, category) => {
    expect(categoryIn(heading)).toBe(category);
  });

  it.each([
    ['2 Jahre', '2 years'],
    ['13 mois', '13 months'],
    ['sesión', 'session'],
    ['Sitzung', 'session'],
    ['1 año', '1 year'],
    ['30 giorni', '30 days'],
    ['6 maanden', '6 months'],
    ['1 ano', '1 year'],
    ['12 miesięcy', '12 months'],
    ['1 år', '1 year'],
    ['24 timer', '24 hours'],
    ['1 year 24 days', '1 year 24 days'],
    ['1 Year 1 Month', '1 year 1 month'],
    ['2 years and 24 hours respectively', '2 years'],
    ['no expiration', undefined],
    ['—', undefined],
  ])('the lifetime %j is %j', (text, lifetime) => {
    expect(lifetimeIn(text)).toBe(lifetime);
  });

  it('reads storage types in other languages, and knows a pixel stores nothing', () => {
    expect(storageTypeIn('Lokaler Speicher')).toBe('localStorage');
    expect(storageTypeIn('stockage local')).toBe('localStorage');
    expect(storageTypeIn('HTML Local Storage')).toBe('localStorage');
    expect(storageTypeIn('IndexedDB')).toBe('indexedDB');
    expect(storageTypeIn('Pixel Tracker')).toBe('pixel');
    expect(storageTypeIn('HTTP Cookie')).toBe('cookie');
  });
});
