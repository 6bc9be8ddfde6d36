/**
 * The banner heuristic's reading of words (rules/consent-words.json through src/consent/words.ts and the
 * page script's pure functions), in Node: what a control's label makes it, in each language it knows.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { categoryOf, normText, roleOf, stemsIn } from '../../src/consent/heuristic/page.js';
import { CONSENT_LANGUAGES, CONSENT_WORDS } from '../../src/consent/words.js';

const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));

describe('rules/consent-words.json', () => {
  it('is valid against its schema', () => {
    const ajv = new Ajv({ allErrors: true });
    const validate = ajv.compile(readJson('../../rules/consent-words.schema.json') as object);
    expect(validate(readJson('../../rules/consent-words.json')), JSON.stringify(validate.errors)).toBe(true);
  });

  it('covers the eleven languages the README promises', () => {
    expect(CONSENT_LANGUAGES).toEqual(['cs', 'da', 'de', 'en', 'es', 'fr', 'it', 'nl', 'pl', 'pt', 'sv']);
  });
});

describe('normText', () => {
  it('lower-cases, turns apostrophes and punctuation into spaces and keeps the close signs', () => {
    expect(normText("  J'accepte !  ")).toBe('j accepte');
    expect(normText('Accept\u00a0all\n cookies')).toBe('accept all cookies');
    expect(normText('×')).toBe('×');
  });
});

describe('the role of a control, by its words', () => {
  const cases: [string, string, string][] = [
    ['en', 'Accept all', 'accept'],
    ['en', 'Reject all', 'reject'],
    ['en', 'I agree', 'accept'],
    ['en', 'I disagree', 'reject'],
    ['en', 'Accept only necessary cookies', 'reject'],
    ['en', 'Continue without accepting', 'reject'],
    ['en', 'Customise', 'settings'],
    ['en', 'Manage preferences', 'settings'],
    ['en', 'Confirm my choices', 'save'],
    ['en', 'Allow selection', 'save'],
    ['en', 'OK', 'accept'],
    ['en', 'Got it', 'accept'],
    ['en', '✕', 'close'],
    ['en', 'Learn more', 'other'],
    ['de', 'Alle akzeptieren', 'accept'],
    ['de', 'Nur notwendige Cookies', 'reject'],
    ['de', 'Ablehnen', 'reject'],
    ['de', 'Einstellungen', 'settings'],
    ['de', 'Auswahl speichern', 'save'],
    ['fr', 'Tout accepter', 'accept'],
    ['fr', 'Tout refuser', 'reject'],
    ['fr', 'Continuer sans accepter', 'reject'],
    ['fr', 'Personnaliser', 'settings'],
    ['es', 'Aceptar todo', 'accept'],
    ['es', 'Rechazar todo', 'reject'],
    ['es', 'Configurar', 'settings'],
    ['it', 'Accetta tutto', 'accept'],
    ['it', 'Rifiuta tutto', 'reject'],
    ['it', 'Personalizza', 'settings'],
    ['nl', 'Alles accepteren', 'accept'],
    ['nl', 'Alles weigeren', 'reject'],
    ['nl', 'Instellingen', 'settings'],
    ['pt', 'Aceitar todos', 'accept'],
    ['pt', 'Rejeitar todos', 'reject'],
    ['pt', 'Apenas necessários', 'reject'],
    ['pl', 'Akceptuj wszystkie', 'accept'],
    ['pl', 'Odrzuć wszystkie', 'reject'],
    ['pl', 'Ustawienia', 'settings'],
    ['sv', 'Acceptera alla', 'accept'],
    ['sv', 'Avvisa alla', 'reject'],
    ['sv', 'Endast nödvändiga', 'reject'],
    ['da', 'Accepter alle', 'accept'],
    ['da', 'Afvis alle', 'reject'],
    ['da', 'Kun nødvendige', 'reject'],
  ];
  it.each(cases)('%s "%s" is %s', (_lang, text, role) => {
    expect(roleOf(text, CONSENT_WORDS)).toBe(role);
  });

  it('a sentence is not a button, whatever words it holds', () => {
    expect(roleOf('By continuing to browse this site you accept the use of cookies and similar technologies', CONSENT_WORDS)).toBe('other');
  });
});

describe('what makes a box a consent banner', () => {
  it('consent words in any of the languages', () => {
    for (const text of ['We use cookies to measure visits', 'Wir verwenden Cookies', 'Nous utilisons des traceurs', 'Utilizamos cookies', 'Używamy plików cookie']) {
      expect(stemsIn(normText(text), CONSENT_WORDS.banner).length, text).toBeGreaterThan(0);
    }
  });
  it('not a newsletter or a chat', () => {
    for (const text of ['Get 10% off your first order! Join our newsletter.', 'Chat with us', 'Hi! How can we help?']) {
      expect(stemsIn(normText(text), CONSENT_WORDS.banner), text).toEqual([]);
    }
  });
});

describe('the category of a settings toggle, by its label', () => {
  it.each([
    ['Strictly necessary', 'necessary'],
    ['Notwendige Cookies', 'necessary'],
    ['Statistiques', 'analytics'],
    ['Marketing', 'marketing'],
    ['Publicité ciblée', 'marketing'],
    ['Preferences', 'functional'],
    ['Something else', undefined],
  ])('"%s" is %s', (label, category) => {
    expect(categoryOf(label, CONSENT_WORDS)).toBe(category);
  });
});
