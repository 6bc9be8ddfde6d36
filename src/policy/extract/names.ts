/**
 * Cookie names: which tokens of a page are names. Where the markup says so (a Name cell, a <dt>, the head
 * of a "name — purpose" line, <code>) a plain token is enough; in running text a token must look like
 * an identifier no sentence is written with ("_ga", "intercom-id-<app_id>") or be a name the known-cookie
 * databases know that is not an ordinary word, or stand where the sentence names it ("such as", quotes,
 * "called", next to "cookie"). An ordinary word ("pixels", "Opt-out", "Essential") never becomes a cookie.
 */
import { vocabulary } from '../extract-vocabulary.js';
import type { KnownCookieLookup } from './draft.js';

/** A host name as people write one in text ("Fathom.com", "GOV.UK", "mozilla.org"). */
const DOMAIN = /^[\p{L}\d-]+(?:\.[\p{L}\d-]+)*\.(?:com|org|net|io|uk|de|fr|nl|it|es|eu|gov|edu|info|co|app|dev|ai|be|ch|at|se|dk|pl|pt|us|ca|au|cy|wales|ie|lu|fi|no)$/iu;

/** API words that stand in <code> in policies and are not names. */
const API_WORDS = /cookie|storage|indexeddb/i;

/**
 * Could this be a cookie or storage name? A single token, not a capitalised word ("Chrome", "Opt-out"),
 * with at most 128 characters. Placeholders people write for variable parts become globs:
 * "_ga_<container-id>", "_hjSessionUser_{site_id}", Cookiebot's "_ga_#" → "_ga_*", "_hjSessionUser_*".
 */
export function cookieName(token: string, fromCode: boolean): string | undefined {
  const name = token
    .trim()
    .replace(/^[`'"“‘„«]+|[`'"”’»]+$/g, '')
    .replace(/<[^>]*>|\{[^}]*\}|\[[^\]]*\]|#+/g, '*')
    // "_ga_XXXXXXX", "_gat_xxx": a run of x standing for an id.
    .replace(/(?<=[_.-])(?:X{3,}|x{3,})(?=$|[_.-])/g, '*');
  if (name === '' || name.length > 128 || /\s/.test(name) || /^[*.]+$/.test(name) || /^\d+$/.test(name)) return undefined;
  if (!fromCode && /^\p{Lu}\p{Ll}+(?:-\p{Ll}+)*$/u.test(name)) return undefined;
  // "Session-Cookie", "E-Mail", "Cookie-Chronik": a compound noun; "Convert.com", "GOV.UK": a site, not a cookie.
  if (!fromCode && (/^\p{Lu}\p{L}*(?:-\p{Lu}?\p{Ll}+)+$/u.test(name) || DOMAIN.test(name))) return undefined;
  // "__Host-", "__Secure-": the prefixes a name may carry, not a name.
  if (/[-]$/.test(name) || /^__(?:host|secure)-?$/i.test(name)) return undefined;
  if (!/^[\x21-\x7e]+$/.test(name) || /[;,=]/.test(name)) return undefined;
  const lower = name.toLowerCase();
  if (vocabulary().notNames.has(lower) && (!fromCode || API_WORDS.test(lower))) return undefined;
  return name;
}

/** An identifier no prose is written with: an underscore, a "$", or a glob/placeholder, and a letter. */
export function identifierShaped(name: string): boolean {
  return /[_$*]/.test(name) && /[A-Za-z]/.test(name) && !/[/@]|:\/\//.test(name) && !/^https?:/i.test(name);
}

/** A word of a language, as names go: all lower case, or a capital and lower case ("pixels", "Session"). */
export const ordinaryWord = (name: string): boolean => /^\p{Ll}+$/u.test(name) || /^\p{Lu}\p{Ll}+$/u.test(name);

/** Known to the databases as a name any site may use (entries limited to some domains are too generic to claim). */
export function knownName(name: string, known: KnownCookieLookup | undefined): boolean {
  const facts = known?.(name);
  return facts !== undefined && facts.domains === undefined;
}

/** "API", "GDPR", "EEA": short capitals are abbreviations in a glossary, unless the databases know the name ("NID"). */
const abbreviation = (name: string, known: KnownCookieLookup | undefined) => /^[A-Z]{2,4}$/.test(name) && known?.(name) === undefined;

/** "a, b and c" / "a / b" → its parts. */
export function listParts(text: string): string[] {
  // Conjunctions only between spaces: the "y" of "_shopify_y" is no Spanish "and".
  return text.split(/\s*(?:,|\/|\n)\s*|\s+(?:and|or|und|oder|et|ou|y|o|e|en|of|i|och|eller|og|oraz|lub)\s+/u).filter((p) => p !== '');
}

/**
 * Names of a place that holds only names (a Name cell, a <dt>): every part must be one, or the cell is
 * not a list of names ("Cookies, pixels and SDKs" is a definition, not three cookies).
 */
export function namesIn(text: string, fromCode: boolean, known?: KnownCookieLookup): string[] {
  const parts = listParts(text.replace(/\s*\([^)]*\)\s*$/, ''));
  const names = parts.map((part) => cookieName(part, fromCode));
  if (names.some((n) => n === undefined || (!fromCode && abbreviation(n, known)))) return [];
  return [...new Set(names as string[])];
}

/** A token of running text and where it stands. */
export interface ProseToken {
  name: string;
  start: number;
  end: number;
}

const TOKEN = /[^\s,;()"“”‘’„«»!?]+/gu;
const QUOTED = /[“"‘'„«]([^\s“”"'‘’„«»]{1,128})[”"'’»“]/gu;

/**
 * Names in a sentence of running text. `codeSpans` are the [start, end) ranges of <code>-like markup in it.
 * See the module comment for what counts; names next to each other in a list ("hubspotutk, __hstc and
 * __hssc") count together when one of them is a name for certain.
 */
export function proseNames(sentence: string, codeSpans: readonly [number, number][], known: KnownCookieLookup | undefined): ProseToken[] {
  const v = vocabulary();
  const found = new Map<number, ProseToken>();
  const take = (raw: string, start: number, fromCode: boolean): ProseToken | undefined => {
    const name = cookieName(raw.replace(/[.:]+$/, ''), fromCode);
    return name === undefined ? undefined : { name, start, end: start + raw.length };
  };
  for (const [start, end] of codeSpans) {
    const text = sentence.slice(start, end);
    if (/[()/:=]/.test(text)) continue;
    const token = take(text, start, true);
    if (token) found.set(start, token);
  }
  const insideCode = (at: number) => codeSpans.some(([s, e]) => at >= s && at < e);
  // The word right before the name (past an opening quote): "a cookie called lang", not "called bl_login and".
  const namingCueBefore = (at: number) => {
    const before = sentence.slice(Math.max(0, at - 24), at).replace(/[\s"“„«'‘]+$/u, '');
    const word = before.split(/\s+/).pop() ?? '';
    return v.namingCue.test(word) && !/so-?called/i.test(word);
  };
  // "Another cookie we store is sessionid", "the cookies we set are csrftoken and sessionid": the sentence introduces names.
  const introducedBefore = (at: number) => /\bcookies?\s+(?:that\s+|which\s+)?(?:we|this site|the site|it)\s+(?:also\s+)?(?:store|stores|set|sets|use|uses|place|places)\s+(?:is|are)\s+(?:(?:\S+,?\s+)(?:and|or)\s+)?$/iu.test(sentence.slice(Math.max(0, at - 80), at));
  for (const match of sentence.matchAll(QUOTED)) {
    const start = (match.index ?? 0) + 1;
    if (insideCode(start)) continue;
    const token = take(match[1]!, start, false);
    if (!token) continue;
    if (identifierShaped(token.name) || (knownName(token.name, known) && !ordinaryWord(token.name)) || (namingCueBefore(match.index ?? 0) && !/^\p{Lu}/u.test(token.name))) found.set(start, token);
  }
  const tokens: (ProseToken & { sure: boolean; possible: boolean })[] = [];
  for (const match of sentence.matchAll(TOKEN)) {
    const start = match.index ?? 0;
    if (insideCode(start) || found.has(start) || found.has(start + 1)) continue;
    const token = take(match[0], start, false);
    if (!token) continue;
    const known_ = knownName(token.name, known);
    // Names the databases keep to some domains ("YSC" on youtube.com) are too generic alone, but not in a list with a sure one.
    const listable = known?.(token.name) !== undefined;
    const nextWords = sentence.slice(token.end, token.end + 12);
    const cookieNext = /^\s+cookies?(?![\p{L}])/iu.test(nextWords);
    // An ordinary word ("language", "login", "the") is a name in running text only right after "called"/"named":
    // the databases hold thousands of names, many of them words. Short capitals ("IP") need a list of names around them.
    const plain = ordinaryWord(token.name);
    const sure =
      identifierShaped(token.name) ||
      (known_ && !plain && !/^[A-Z]{1,3}$/.test(token.name)) ||
      (cookieNext && !plain && !/^\p{Ll}+(?:-\p{Ll}+)+$/u.test(token.name) && /[\d_.-]|[a-z][A-Z]/.test(token.name)) ||
      (introducedBefore(start) && !/^\p{Lu}\p{Ll}+$/u.test(token.name)) ||
      (namingCueBefore(start) && !/^\p{Lu}\p{Ll}+$/u.test(token.name));
    if (sure || (listable && !plain)) tokens.push({ ...token, sure, possible: listable && !plain });
  }
  // A list of names: neighbours separated only by commas and "and" share the certainty of a sure one.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.sure) continue;
    const neighbour = (j: number) => {
      const other = tokens[j];
      if (!other?.sure) return false;
      const between = j < i ? sentence.slice(other.end, t.start) : sentence.slice(t.end, other.start);
      return /^\s*(?:,|\/|and|or|und|et|y|e|en|i|och|og)(?:\s*(?:and|or))?\s*$/iu.test(between.replace(/\([^)]*\)/g, ' '));
    };
    if (t.possible && (neighbour(i - 1) || neighbour(i + 1))) t.sure = true;
  }
  for (const t of tokens) if (t.sure) found.set(t.start, { name: t.name, start: t.start, end: t.end });
  return [...found.values()].sort((a, b) => a.start - b.start);
}
