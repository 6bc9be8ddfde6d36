/**
 * What a phrase of a cookie policy says, in any of the vocabulary's languages: a category, a lifetime, a
 * storage type, the providers it names, a category it forbids ("we do not use advertising cookies").
 */
import type { StorageType } from '../../evidence/types.js';
import { vocabulary, type KnownProvider } from '../extract-vocabulary.js';
import type { Category } from '../types.js';
import { normalise, sentences } from './html.js';

export function categoryIn(text: string): Category | undefined {
  return vocabulary().categories.find(({ pattern }) => pattern.test(text))?.category;
}

const UNIT_ORDER = ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'];

/** The vocabulary's duration and session patterns with the g flag, compiled once (they are used with lastIndex and replace). */
let global: { duration: RegExp; session: RegExp } | undefined;
function globalPatterns(): { duration: RegExp; session: RegExp } {
  const v = vocabulary();
  global ??= { duration: new RegExp(v.duration.source, 'giu'), session: new RegExp(v.session.source, 'giu') };
  return global;
}

/** One lifetime term of the text from `from` on: its seconds, its manifest spelling, where it ends. */
function termAt(text: string, from: number): { index: number; end: number; amount: number; unit: string } | undefined {
  const v = vocabulary();
  const pattern = globalPatterns().duration;
  pattern.lastIndex = from;
  const match = pattern.exec(text);
  if (!match) return undefined;
  const amountText = match[1] ?? match[3] ?? '';
  const unitWord = (match[2] ?? match[4] ?? '').toLowerCase();
  const amount = /^\d/.test(amountText) ? Number(amountText.replace(',', '.')) : (v.numberWords[amountText.toLowerCase()] ?? NaN);
  const unit = v.units.get(unitWord);
  if (!Number.isFinite(amount) || amount <= 0 || unit === undefined) return undefined;
  return { index: match.index, end: match.index + match[0].length, amount, unit };
}

/**
 * The first lifetime written in the text, as the manifest writes it ("30 days", "1 year"); terms written
 * together add up ("1 year 24 days" is 389 days, "1 Jahr und 1 Monat" 13 months).
 */
function durationIn(text: string): { value: string; index: number } | undefined {
  const first = termAt(text, 0);
  if (!first) return undefined;
  const terms = [first];
  let end = first.end;
  // Only a smaller unit right after a larger one adds up ("1 year 24 days"); "2 years and 24 hours respectively" are two.
  for (;;) {
    const next = termAt(text, end);
    const last = terms[terms.length - 1]!;
    if (!next || !/^\s*$/.test(text.slice(end, next.index)) || UNIT_ORDER.indexOf(next.unit) <= UNIT_ORDER.indexOf(last.unit)) break;
    terms.push(next);
    end = next.end;
  }
  // "1 year 1 month 4 days" stays as written: the manifest grammar reads several terms, and a sum in days would round.
  return { value: terms.map((t) => `${t.amount} ${t.unit}${t.amount === 1 ? '' : 's'}`).join(' '), index: first.index };
}

/**
 * A lifetime phrase as the manifest writes it: "session", "30 days", "1 year", "24 hours"; undefined
 * when the text states none ("persistent" alone is no lifetime). A number wins over "session": "keeps
 * your session for 30 days" is 30 days.
 */
export function lifetimeIn(text: string): string | undefined {
  // A sentence that states only the lifetime ("24 hours.") says it best: "within a day. 24 hours." is 24 hours.
  const v = vocabulary();
  const stated = sentences(text).find((sentence) => lifetimeOnly(sentence) && (durationIn(sentence) !== undefined || v.session.test(sentence)));
  const source = stated ?? text;
  return durationIn(source)?.value ?? (v.session.test(source) ? 'session' : undefined);
}

/** Every lifetime of a cell that lists several, in order ("365 days, 365 days, Session"). */
export function lifetimesIn(text: string): (string | undefined)[] {
  return text.split(/\s*[,;\n]\s*/).map((part) => lifetimeIn(part));
}

/** Every lifetime written in running text, in order ("… 2 years and 24 hours respectively"). */
export function lifetimesInText(text: string): string[] {
  const found: { index: number; value: string }[] = [];
  let from = 0;
  for (;;) {
    const next = durationIn(text.slice(from));
    if (!next) break;
    found.push({ index: from + next.index, value: next.value });
    const term = termAt(text, from + next.index);
    from = term ? term.end : text.length;
  }
  for (const match of text.matchAll(globalPatterns().session)) found.push({ index: match.index ?? 0, value: 'session' });
  return found.sort((a, b) => a.index - b.index).map((f) => f.value);
}

const FILLER = /(?<![\p{L}])(?:session|duration|cookie|expires?|expiry|after|for|lasts?|kept|stored|deleted|persistent|up|to|until|when|you|close|your|the|browser|is|closed|it|durée|dauer|speicherdauer|duración|durata|duur|duração)(?![\p{L}])/giu;

/** "Session duration.", "Expires after 24 hours.", "1 year.", "Durée : 13 mois." */
export function lifetimeOnly(sentence: string): boolean {
  const g = globalPatterns();
  return !/\p{L}{2,}/u.test(sentence.replace(g.duration, ' ').replace(g.session, ' ').replace(FILLER, ' '));
}

/** Leaves out sentences that only state the lifetime. */
export function purposeOf(text: string): string | undefined {
  const kept = sentences(text).filter((sentence) => !lifetimeOnly(sentence));
  const purpose = normalise(kept.join(' '));
  return purpose === '' ? undefined : purpose;
}

/** What a type cell or a note says the item is; 'pixel' is a tracker that stores nothing (Cookiebot's "Pixel Tracker"). */
export function storageTypeIn(text: string): StorageType | 'pixel' | 'cookie' | undefined {
  const found = vocabulary().storageTypes.find(({ pattern }) => pattern.test(text))?.type;
  if (found) return found;
  if (/(?<![\p{L}])(?:http\s*-?\s*)?cookies?(?![\p{L}])/iu.test(text)) return 'cookie';
  return undefined;
}

/** A whole Type cell: also "local" (Usercentrics), and "Persistent"/"Session"/"First party" mean cookie. */
export function typeCell(text: string): StorageType | 'pixel' | 'cookie' | undefined {
  if (vocabulary().typeColumnLocal.test(text)) return 'localStorage';
  return storageTypeIn(text) ?? (text.trim() === '' ? undefined : 'cookie');
}

export function providersIn(text: string): KnownProvider[] {
  return vocabulary().providers.filter((provider) => provider.pattern.test(text));
}

/** The provider operating a host ("intercom.io", ".facebook.com", "www.googletagmanager.com"). */
export function providerOfHost(host: string): KnownProvider | undefined {
  const h = host.trim().toLowerCase().replace(/^\.+/, '');
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/.test(h)) return undefined;
  return vocabulary().providers.find((p) => p.domains.some((d) => h === d || h.endsWith(`.${d}`)));
}

/** The provider a known-cookie database vendor ("Google Marketing Platform", "Meta Pixel") belongs to. */
export function providerOfVendor(vendor: string): KnownProvider | undefined {
  return vocabulary().providers.find((p) => p.pattern.test(vendor));
}

/** "We do not use targeting or advertising cookies" → marketing; conditional sentences forbid nothing. */
export function forbiddenCategory(sentence: string): Category | undefined {
  return deniedCategories(sentence)[0];
}

/** Every category the text names. */
export function categoriesIn(text: string): Category[] {
  return vocabulary().categories.filter(({ pattern }) => pattern.test(text)).map(({ category }) => category);
}

/** The category named first in the text ("technically necessary cookies – no tracking" is necessary). */
export function firstCategoryIn(text: string): Category | undefined {
  let first: { category: Category; index: number } | undefined;
  for (const { category, pattern } of vocabulary().categories) {
    const match = pattern.exec(text);
    if (match && (first === undefined || match.index < first.index)) first = { category, index: match.index };
  }
  return first?.category;
}

const TOPIC = /(?:cookie|tracking|tracker|traceur|rastreador|tracciament|ciasteczk|kakor|verfolg|profil)/iu;
const DATA = /(?:\bdata\b|daten|données|gegevens|\bdati\b|\bdatos\b|\bdados\b)/iu;
const PERSONAL = /(?:personal|persönlich|personenbezogen|personnel|persoonsgegevens|personali|personales|pessoais|osobow|identif)/iu;
const OPTIONAL: readonly Category[] = ['analytics', 'marketing'];

/**
 * The categories a sentence says the site does not use: "We do not use advertising cookies" → marketing;
 * "no tracking", "geen trackingcookies" → analytics and marketing (tracking is both); "This site collects no
 * usage data" under an analytics heading → analytics (`section`, the category of the heading it stands under).
 * Necessary is never denied (no site can run without what it needs), and a conditional sentence denies nothing.
 */
export function deniedCategories(sentence: string, section?: Category): Category[] {
  const v = vocabulary();
  const text = sentence.replace(/’/g, "'");
  // About cookies or tracking; or, under a category's heading, about the data "this site collects" for it.
  if (!(TOPIC.test(text) || (section !== undefined && DATA.test(text))) || v.condition.test(text) || v.hypothetical.test(text)) return [];
  const found = new Set<Category>();
  const deny = (after: string, window: boolean) => {
    const scope = window ? after.split(/\s+/).slice(0, 5).join(' ') : after;
    const category = categoryIn(scope);
    const tracking = v.tracking.test(scope);
    if (category !== undefined && TOPIC.test(text)) found.add(category);
    if (tracking) OPTIONAL.forEach((c) => found.add(c));
    if ((category !== undefined && TOPIC.test(text)) || tracking || window) return;
    // "… collects no usage data" of the site itself; "Plausible, which sets no cookies" is about a service.
    if (section !== undefined && !PERSONAL.test(scope) && DATA.test(scope) && providersIn(text).length === 0) found.add(category ?? section);
  };
  const negation = v.negation.exec(text);
  if (negation) deny(text.slice(negation.index + negation[0].length), false);
  for (const bare of text.matchAll(v.bareNegator)) deny(text.slice((bare.index ?? 0) + bare[0].length), true);
  found.delete('necessary');
  return [...found];
}

/**
 * "pretalx only sets technically necessary cookies", "setzen wir ausschließlich … notwendigen Cookie": the one
 * category of cookie the site says it sets, or undefined. Conditions ("only if you agree") are no such statement.
 */
export function onlyCategory(sentence: string): Category | undefined {
  const v = vocabulary();
  const cue = v.onlyCue.exec(sentence);
  if (!cue || !/cookie/iu.test(sentence) || v.condition.test(sentence) || v.hypothetical.test(sentence) || v.negation.test(sentence.slice(0, cue.index))) return undefined;
  return firstCategoryIn(sentence.slice(cue.index));
}

/** What a description says the cookie does, as a category ("stores your cookie consent choices" → necessary). */
export function purposeCategory(description: string): Category | undefined {
  return vocabulary().purposes.find(({ pattern }) => pattern.test(description))?.category;
}
