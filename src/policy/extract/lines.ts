/**
 * Declarations written as lines: "auth_token — JWT authentication token. Session duration." in a list item
 * or paragraph, "qs_lang – the language you picked – 1 year", "__stripe_mid: 1 year", and definition lists
 * (<dt>name</dt><dd>what it does, how long</dd>). The head must be names and nothing else; a head that is
 * a capitalised word ("Opt-out: …", "Chrome: Settings") or a description whose purpose runs on for a whole
 * paragraph is a misreading, not a cookie.
 */
import type { EntryHints, Extraction } from './draft.js';
import { childElements, CODE, textOf, type Element } from './html.js';
import { cookieName, identifierShaped, knownName, listParts, namesIn } from './names.js';
import { lifetimesInText, providersIn, storageTypeIn } from './phrases.js';

const SEPARATOR = /^(.{1,160}?)\s+(?:—|–|-{1,2}|:)\s+(.+)$|^(.{1,160}?)\s?[:：]\s+(.+)$/su;

/** Too long for what a line says about one cookie: a paragraph that happens to start with a word and a colon. */
const paragraphLong = (text: string) => text.length > 400 || (text.match(/[.!?](\s|$)/g)?.length ?? 0) > 3;

/** Returns whether the line declared something. */
export function line(element: Element, x: Extraction, text: string): boolean {
  if (!x.inCookieSection || x.inDefinitions || text === '') return false;
  const first = childElements(element)[0];
  const codeFirst = first !== undefined && CODE.has(first.tagName) && text.startsWith(textOf(first));
  const match = SEPARATOR.exec(text);
  if (!match) return false;
  const head = match[1] ?? match[3] ?? '';
  const rest = match[2] ?? match[4] ?? '';
  // "rzp_device_id (local storage) — …": a parenthesised note after the name says what it is or who sets it.
  const note = /^(.*?)\s*\(([^)]*)\)$/.exec(head);
  const headNames = note?.[1] ?? head;
  const names = namesIn(headNames, codeFirst, x.known);
  if (names.length === 0) return false;
  // Without markup, a head of plain words needs more than its place: hyphenated words ("third-party") and long purposes are prose.
  if (!codeFirst) {
    const doubtful = listParts(headNames).some((part) => {
      const name = cookieName(part, false) ?? '';
      // "ShareProgress und Fathom.com: …": a brand in PascalCase heads advice, not a declaration.
      return (/^\p{Ll}+(?:-\p{Ll}+)+$/u.test(name) || /^\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)+$/u.test(name)) && !knownName(name, x.known) && !identifierShaped(name);
    });
    if (doubtful || paragraphLong(rest)) return false;
  }
  const hints: EntryHints = {};
  const type = note?.[2] === undefined ? undefined : storageTypeIn(note[2]);
  if (type !== undefined && type !== 'pixel') hints.type = type;
  const provider = note?.[2] === undefined ? undefined : providersIn(note[2])[0];
  if (provider !== undefined) {
    hints.provider = provider.name;
    hints.knownProvider = provider;
  }
  // "_ga, _gid: … 2 years and 24 hours respectively": as many lifetimes as names pair up in order.
  const lifetimes = names.length > 1 ? lifetimesInText(rest) : [];
  if (lifetimes.length === names.length && names.length > 1) names.forEach((name, i) => x.entry([name], rest, { ...hints, expires: lifetimes[i] ?? null }));
  else x.entry(names, rest, hints);
  return true;
}

export function definitionList(dl: Element, x: Extraction): void {
  if (!x.inCookieSection || x.inDefinitions) return;
  let names: string[] = [];
  for (const item of childElements(dl).flatMap((e) => (e.tagName === 'div' ? childElements(e) : [e]))) {
    if (item.tagName === 'dt') {
      const code = childElements(item)[0];
      names = namesIn(textOf(item), code !== undefined && CODE.has(code.tagName), x.known);
    } else if (item.tagName === 'dd' && names.length > 0) {
      const description = textOf(item);
      x.statement(description);
      x.entry(names, description);
      names = [];
    }
  }
}
