/**
 * The words cookie policies use, compiled for policy/extract/: rules/policy-vocabulary.json (ten languages,
 * checked against rules/policy-vocabulary.schema.json by a test) turned into matchers. Phrases match whole
 * words with Unicode-aware boundaries (JavaScript's \b knows only ASCII, so "år" or "sesión" would slip).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StorageType } from '../evidence/types.js';
import { rulesDir } from '../package-info.js';
import type { Category } from './types.js';

export const VOCABULARY_FILE = join(rulesDir, 'policy-vocabulary.json');

export type ColumnRole = 'domain' | 'party' | 'duration' | 'category' | 'provider' | 'purpose' | 'type' | 'name';
export const COLUMN_ROLES: readonly ColumnRole[] = ['domain', 'party', 'duration', 'category', 'provider', 'purpose', 'type', 'name'];
type Unit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

/** rules/policy-vocabulary.json as written. */
export interface VocabularyFile {
  version: 1;
  categories: Record<Category, string[]>;
  unclassified: string[];
  definitions: string[];
  cookieSection: string[];
  optOut: string[];
  hypothetical: string[];
  selfHosted: string[];
  usage: string[];
  negations: string[];
  conditions: string[];
  listCues: string[];
  namingCues: string[];
  notNames: string[];
  storageTypes: Record<StorageType | 'pixel', string[]>;
  typeColumnLocal: string[];
  columns: Record<ColumnRole, string[]>;
  units: Record<Unit, string[]>;
  numberWords: Record<string, number>;
  session: string[];
  organisations: string[];
  bannerContainers: string[];
  onlyCues: string[];
  insteadCues: string[];
  sameLifetimeCues: string[];
  tracking: string[];
  bareNegators: string[];
  purposes: { category: Category; phrases: string[] }[];
  providers: { name: string; names: string[]; domains: string[]; category: Category }[];
}

export interface KnownProvider {
  /** The name a manifest uses. */
  name: string;
  /** How pages write it, case-sensitively: "stripe" in "striped" is not Stripe. */
  pattern: RegExp;
  names: string[];
  domains: string[];
  /** Its usual category, when the page says nothing about what it does. */
  category: Category;
}

const LETTER = '[\\p{L}\\p{N}_]';
export const BEFORE = `(?<!${LETTER})`;
export const AFTER = `(?!${LETTER})`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** One phrase of the vocabulary's little grammar as a regex source (see the file's $comment). */
function phraseSource(phrase: string): string {
  const words = phrase.trim().split(/\s+/);
  const parts = words.map((word) => {
    if (word === '~') return '(?:\\S+\\s+)?';
    const alternatives = word.split('|').map((alt) => {
      const lead = alt.startsWith('*') ? '\\p{L}*' : '';
      const trail = alt.endsWith('*') && alt.length > 1 ? '\\p{L}*' : '';
      const core = alt.replace(/^\*|\*$/g, '');
      return `${lead}${escape(core).replace(/'/g, "['’]")}${trail}`;
    });
    return `(?:${alternatives.join('|')})`;
  });
  // A space between words matches spaces, a hyphen or an underscore ("Marketing-Cookies", "opt-out",
  // Termly's "html_local_storage"); "~" carries its own space.
  let source = '';
  parts.forEach((part, i) => {
    source += part;
    if (i < parts.length - 1 && words[i] !== '~') source += '[\\s_\\-]+';
  });
  return source;
}

/** Any of the phrases, as whole words; longest first so the alternation prefers "strictly necessary". */
export function phrasesRegex(phrases: readonly string[], flags = 'iu', anchored = false): RegExp {
  const sources = [...new Set(phrases)].sort((a, b) => b.length - a.length).map(phraseSource);
  const body = `(?:${sources.join('|')})`;
  return new RegExp(anchored ? `^\\s*${body}\\s*[:：]?\\s*$` : `${BEFORE}${body}${AFTER}`, flags);
}

export interface Vocabulary {
  file: VocabularyFile;
  categories: readonly { category: Category; pattern: RegExp }[];
  unclassified: RegExp;
  definitions: RegExp;
  cookieSection: RegExp;
  optOut: RegExp;
  hypothetical: RegExp;
  selfHosted: RegExp;
  usage: RegExp;
  negation: RegExp;
  condition: RegExp;
  listCue: RegExp;
  namingCue: RegExp;
  notNames: ReadonlySet<string>;
  storageTypes: readonly { type: StorageType | 'pixel'; pattern: RegExp }[];
  typeColumnLocal: RegExp;
  /** Header text contains the role's word (tried in COLUMN_ROLES order). */
  columns: readonly { role: ColumnRole; pattern: RegExp }[];
  /** The whole text is the role's label ("Name", "Expiration:"): label/value declarations. */
  labels: readonly { role: ColumnRole; pattern: RegExp }[];
  units: ReadonlyMap<string, Unit>;
  numberWords: Readonly<Record<string, number>>;
  /** Digits and a unit ("2 Jahre", "13 mois", "24h"); English number words and a unit ("one year"). */
  duration: RegExp;
  session: RegExp;
  organisations: RegExp;
  bannerContainers: ReadonlySet<string>;
  onlyCue: RegExp;
  insteadCue: RegExp;
  /** A lifetime given as another cookie's ("same as nc_username"): group 1 is the other name. */
  sameLifetime: RegExp;
  tracking: RegExp;
  bareNegator: RegExp;
  /** What a cookie does, by category, in the order they are tried. */
  purposes: readonly { category: Category; pattern: RegExp }[];
  providers: readonly KnownProvider[];
}

let compiled: Vocabulary | undefined;

const NUMBER_WORD_UNITS = ['seconds', 'second', 'minutes', 'minute', 'hours', 'hour', 'days', 'day', 'weeks', 'week', 'months', 'month', 'years', 'year'];

export function compileVocabulary(file: VocabularyFile): Vocabulary {
  const units = new Map<string, Unit>();
  for (const [unit, words] of Object.entries(file.units) as [Unit, string[]][]) for (const word of words) units.set(word, unit);
  const unitWords = [...units.keys()].sort((a, b) => b.length - a.length).map(escape);
  // The number words are English, so they pair only with English unit words: "a semana" is Portuguese for "the week".
  const englishUnits = NUMBER_WORD_UNITS.filter((u) => units.has(u));
  const numberWords = Object.keys(file.numberWords).sort((a, b) => b.length - a.length).map(escape);
  const duration = new RegExp(
    `${BEFORE}(?:(\\d+(?:[.,]\\d+)?)\\s*-?\\s*(${unitWords.join('|')})|(${numberWords.join('|')})[\\s-]+(${englishUnits.join('|')}))${AFTER}`,
    'iu',
  );
  const provider = (p: VocabularyFile['providers'][number]): KnownProvider => ({
    name: p.name,
    names: p.names,
    domains: p.domains,
    category: p.category,
    pattern: new RegExp(`${BEFORE}(?:${[...p.names].sort((a, b) => b.length - a.length).map(escape).join('|')})${AFTER}`, 'u'),
  });
  return {
    file,
    categories: (['marketing', 'analytics', 'functional', 'necessary'] as const).map((category) => ({ category, pattern: phrasesRegex(file.categories[category]) })),
    unclassified: phrasesRegex(file.unclassified),
    definitions: phrasesRegex(file.definitions),
    cookieSection: phrasesRegex(file.cookieSection),
    optOut: phrasesRegex(file.optOut),
    hypothetical: phrasesRegex(file.hypothetical),
    selfHosted: phrasesRegex(file.selfHosted),
    usage: phrasesRegex(file.usage),
    negation: phrasesRegex(file.negations),
    condition: phrasesRegex(file.conditions),
    listCue: phrasesRegex(file.listCues),
    namingCue: phrasesRegex(file.namingCues),
    notNames: new Set(file.notNames.map((n) => n.toLowerCase())),
    storageTypes: (['localStorage', 'sessionStorage', 'indexedDB', 'pixel'] as const).map((type) => ({ type, pattern: phrasesRegex(file.storageTypes[type]) })),
    typeColumnLocal: phrasesRegex(file.typeColumnLocal, 'iu', true),
    columns: COLUMN_ROLES.map((role) => ({ role, pattern: phrasesRegex(file.columns[role]) })),
    labels: COLUMN_ROLES.map((role) => ({ role, pattern: phrasesRegex(file.columns[role], 'iu', true) })),
    units,
    numberWords: file.numberWords,
    duration,
    session: phrasesRegex(file.session),
    organisations: new RegExp(`^\\s*(?:${file.organisations.map(escape).join('|')})(?:,?\\s+(?:Inc|LLC|Ltd|Limited|GmbH|Corporation|Corp)\\.?)?\\s*$`, 'u'),
    bannerContainers: new Set(file.bannerContainers),
    onlyCue: phrasesRegex(file.onlyCues),
    insteadCue: phrasesRegex(file.insteadCues),
    sameLifetime: new RegExp(`${BEFORE}(?:${[...new Set(file.sameLifetimeCues)].sort((a, b) => b.length - a.length).map(phraseSource).join('|')})\\s+(?:the\\s+|de\\s+|la\\s+|le\\s+|der\\s+|die\\s+|das\\s+|het\\s+)?[«"'“‘\\u0060]?([A-Za-z0-9_$.\\-]*[A-Za-z0-9_$])`, 'iu'),
    tracking: phrasesRegex(file.tracking),
    bareNegator: phrasesRegex(file.bareNegators, 'giu'),
    purposes: file.purposes.map(({ category, phrases }) => ({ category, pattern: phrasesRegex(phrases) })),
    providers: file.providers.map(provider),
  };
}

/** The built-in vocabulary, read once per process. */
export function vocabulary(): Vocabulary {
  compiled ??= compileVocabulary(JSON.parse(readFileSync(VOCABULARY_FILE, 'utf8')) as VocabularyFile);
  return compiled;
}
