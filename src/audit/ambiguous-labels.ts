/**
 * rules/ambiguous-consent-labels.json: control texts that do not say that clicking gives consent ("OK",
 * "Got it", "Weiter", "J'ai compris", a lone ✕), in the ten languages the banner heuristic knows.
 * Texts are compared whole after normalizeLabel, so "OK, got it!" matches the listed "OK, got it".
 */
import labelsJson from '../../rules/ambiguous-consent-labels.json' with { type: 'json' };

/**
 * A label as compared: Unicode-compatible form, case folded, curly apostrophes straightened; a label with
 * letters keeps only its letters, digits and apostrophes (punctuation, arrows and emoji become spaces),
 * one that has none (a lone ✕) keeps its symbols. Whitespace collapsed.
 */
export function normalizeLabel(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'");
  const words = /\p{L}/u.test(folded) ? folded.replace(/[^\p{L}\p{N}'\s]+/gu, ' ') : folded;
  return words.replace(/\s+/g, ' ').trim();
}

export interface AmbiguousLabels {
  /** Normalised label → the languages that list it ('symbol' for the lone symbols). */
  byLabel: ReadonlyMap<string, readonly string[]>;
}

export function parseAmbiguousLabels(json: unknown): AmbiguousLabels {
  const { languages, symbols } = (json ?? {}) as { languages?: unknown; symbols?: unknown };
  if (typeof languages !== 'object' || languages === null) throw new Error('ambiguous-consent-labels.json: "languages" must be an object');
  if (!Array.isArray(symbols)) throw new Error('ambiguous-consent-labels.json: "symbols" must be an array');
  const byLabel = new Map<string, string[]>();
  const add = (language: string, label: unknown): void => {
    if (typeof label !== 'string' || normalizeLabel(label) === '') throw new Error(`ambiguous-consent-labels.json: ${language} holds an empty or non-text label`);
    const key = normalizeLabel(label);
    const known = byLabel.get(key) ?? [];
    if (!known.includes(language)) known.push(language);
    byLabel.set(key, known);
  };
  for (const [language, labels] of Object.entries(languages)) {
    if (!Array.isArray(labels)) throw new Error(`ambiguous-consent-labels.json: languages.${language} must be an array`);
    for (const label of labels) add(language, label);
  }
  for (const symbol of symbols) add('symbol', symbol);
  return { byLabel };
}

export const AMBIGUOUS_LABELS: AmbiguousLabels = parseAmbiguousLabels(labelsJson);

/** The languages whose list holds this text (['symbol'] for a lone cross), or [] when it says what it does. */
export function ambiguousIn(text: string, labels: AmbiguousLabels = AMBIGUOUS_LABELS): readonly string[] {
  return labels.byLabel.get(normalizeLabel(text)) ?? [];
}
