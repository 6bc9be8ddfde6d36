/**
 * rules/consent-words.json: the words the banner heuristic reads, per language (a person reviews and
 * extends them; consent-words.schema.json is checked in a test). Merged here into the one list the page
 * script matches, every language at once: a banner's language is not known before it is read.
 */
import wordsJson from '../../rules/consent-words.json' with { type: 'json' };
import { normText, type PageWords } from './heuristic/page.js';
import type { ControlRole } from './types.js';

type RoleWords = { labels: string[]; stems: string[] };
interface LanguageWords {
  banner: string[];
  privacy: string[];
  notConsent: string[];
  accept: RoleWords;
  reject: RoleWords;
  settings: RoleWords;
  save: RoleWords;
  close: RoleWords;
  policyLink: string[];
  reopen: string[];
  categories: Record<'necessary' | 'functional' | 'analytics' | 'marketing', string[]>;
}

/**
 * The order roles are tried in: "Accept only necessary" refuses, "Accept selection" saves, "Cookie
 * settings" opens the settings and a lone "×" closes.
 */
export const ROLE_ORDER: readonly Exclude<ControlRole, 'other'>[] = ['reject', 'save', 'accept', 'settings', 'close'];
const CATEGORY_ORDER = ['necessary', 'marketing', 'analytics', 'functional'] as const;

export const CONSENT_LANGUAGES: readonly string[] = Object.keys((wordsJson as { languages: Record<string, unknown> }).languages).sort();

function merge(languages: LanguageWords[]): PageWords {
  // The page compares normalised text, so the lists are normalised the same way once, here.
  const list = (pick: (l: LanguageWords) => string[]) => [...new Set(languages.flatMap(pick).map(normText).filter((w) => w !== ''))];
  return {
    banner: list((l) => l.banner),
    privacy: list((l) => l.privacy),
    notConsent: list((l) => l.notConsent),
    roles: ROLE_ORDER.map((role) => ({ role, labels: list((l) => l[role].labels), stems: list((l) => l[role].stems) })),
    policyLink: list((l) => l.policyLink),
    categories: CATEGORY_ORDER.map((category) => ({ category, stems: list((l) => l.categories[category]) })),
  };
}

export const CONSENT_WORDS: PageWords = merge(Object.values((wordsJson as unknown as { languages: Record<string, LanguageWords> }).languages));

/**
 * What reopens the choices after consent (src/consent/reopen.ts): every language's phrases, normalised
 * like the page's text, and the consent platforms' revisit controls by selector.
 */
export interface ReopenWords {
  stems: string[];
  selectors: { library: string; selector: string }[];
}

function reopenWords(json: { languages: Record<string, LanguageWords>; reopenSelectors: Record<string, string[] | string> }): ReopenWords {
  const stems = [...new Set(Object.values(json.languages).flatMap((l) => l.reopen).map(normText).filter((w) => w !== ''))];
  const selectors = Object.entries(json.reopenSelectors)
    .filter((entry): entry is [string, string[]] => entry[0] !== '$comment' && Array.isArray(entry[1]))
    .flatMap(([library, list]) => list.map((selector) => ({ library, selector })));
  return { stems, selectors };
}

export const REOPEN_WORDS: ReopenWords = reopenWords(wordsJson as unknown as Parameters<typeof reopenWords>[0]);
