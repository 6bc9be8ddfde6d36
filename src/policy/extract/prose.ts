/**
 * Names in running text: "We set `pp_session` when you sign in; it lasts until you close your browser",
 * "Stripe sets its own cookies for fraud prevention (e.g., `__stripe_mid`, `__stripe_sid`)", "it sets cookies
 * such as _ga and _gid". Each name takes the lifetime written between it and the next name of the sentence
 * (names listed together share the one after the list); its category comes from the section, else the
 * known-cookie databases, else what the sentence says.
 */
import { vocabulary, type KnownProvider } from '../extract-vocabulary.js';
import type { Extraction } from './draft.js';
import { BLOCKS, CODE, isElement, SKIPPED, type ChildNode, type Element, type TextNode } from './html.js';
import { proseNames } from './names.js';
import { categoryIn, lifetimeIn, providersIn } from './phrases.js';

const OPEN = '\u0001';
const CLOSE = '\u0002';

/** The element's text with the [start, end) ranges of its <code>-like markup. */
export function textWithCode(element: Element): { text: string; spans: [number, number][] } {
  let raw = '';
  const walk = (node: ChildNode | Element) => {
    if (node.nodeName === '#text') {
      raw += (node as TextNode).value;
      return;
    }
    if (!isElement(node)) return;
    if (node !== element && SKIPPED.has(node.tagName)) return;
    if (node !== element && CODE.has(node.tagName)) {
      raw += OPEN;
      for (const child of node.childNodes) walk(child);
      raw += CLOSE;
      return;
    }
    if (BLOCKS.has(node.tagName)) raw += ' ';
    for (const child of node.childNodes) walk(child);
    if (BLOCKS.has(node.tagName)) raw += ' ';
  };
  walk(element);
  const normalised = raw.replace(/[\s\u00a0]+/g, ' ').trim();
  let text = '';
  const spans: [number, number][] = [];
  let open = -1;
  for (const ch of normalised) {
    if (ch === OPEN) open = text.length;
    else if (ch === CLOSE) {
      if (open >= 0) spans.push([open, text.length]);
      open = -1;
    } else text += ch;
  }
  return { text, spans: spans.map(([s, e]) => trimSpan(text, s, e)) };
}

const trimSpan = (text: string, s: number, e: number): [number, number] => {
  while (s < e && text[s] === ' ') s++;
  while (e > s && text[e - 1] === ' ') e--;
  return [s, e];
};

/** [start, end) of each sentence (the same boundaries as html.ts `sentences`). */
function sentenceRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  let start = 0;
  for (const match of text.matchAll(/(?<=[.!?])\s+(?=[\p{Lu}0-9"“„«(_<])/gu)) {
    ranges.push([start, match.index ?? 0]);
    start = (match.index ?? 0) + match[0].length;
  }
  ranges.push([start, text.length]);
  return ranges.filter(([s, e]) => e > s);
}

/** Where each known provider is named in the sentence, in order. */
function providerMentions(sentence: string): { provider: KnownProvider; index: number }[] {
  return providersIn(sentence)
    .flatMap((provider) => [...sentence.matchAll(new RegExp(provider.pattern.source, 'gu'))].map((m) => ({ provider, index: m.index ?? 0 })))
    .sort((a, b) => a.index - b.index);
}

/** The provider named last before the name ("the TikTok pixel … and Pinterest, whose _pin_unauth …"), else the first after it. */
function nearestProvider(mentions: readonly { provider: KnownProvider; index: number }[], at: number): KnownProvider | undefined {
  const before = mentions.filter((m) => m.index < at);
  return (before[before.length - 1] ?? mentions.find((m) => m.index >= at))?.provider;
}

/** More names than any sentence declares: a list, a dump or an attack, not prose. */
const MAX_NAMES_PER_SENTENCE = 100;

const SEPARATOR_ONLY = /^[\s,/]*(?:(?:and|or|und|oder|et|ou|y|o|e|en|i|och|og)[\s,]*)?$/iu;

export function prose(element: Element, x: Extraction): void {
  if (x.inOptOut || x.inDefinitions) return;
  const v = vocabulary();
  const { text, spans } = textWithCode(element);
  const ranges = sentenceRanges(text);
  // "qb_session keeps you signed in. It expires 30 days after your last visit.": when only the first sentence
  // names a cookie, what the sentences after it say of its lifetime is said of it.
  const named = ranges.filter(([start, end]) => proseNames(text.slice(start, end), spans.filter(([s]) => s >= start && s < end).map(([s, e]): [number, number] => [s - start, Math.min(e, end) - start]), x.known).length > 0);
  const first = named.length === 1 ? named[0] : undefined;
  const laterLifetime = first !== undefined && first === ranges[0] ? lifetimeIn(text.slice(first[1])) : undefined;
  for (const [start, end] of ranges) {
    const sentence = text.slice(start, end);
    if (!x.inCookieSection && !v.cookieSection.test(sentence)) continue;
    if (v.hypothetical.test(sentence) || v.optOut.test(sentence)) continue;
    const local = spans.filter(([s]) => s >= start && s < end).map(([s, e]): [number, number] => [s - start, Math.min(e, end) - start]);
    const seen = new Set<string>();
    const names = proseNames(sentence, local, x.known)
      .filter((n) => !x.has(n.name) && !seen.has(n.name) && seen.add(n.name))
      .slice(0, MAX_NAMES_PER_SENTENCE);
    if (names.length === 0) continue;
    const mentions = v.selfHosted.test(sentence) ? [] : providerMentions(sentence);
    const segments = names.map((n, i) => sentence.slice(n.end, names[i + 1]?.start ?? sentence.length));
    const lifetimes = segments.map((segment) => (SEPARATOR_ONLY.test(segment) ? undefined : lifetimeIn(segment)));
    // "_ga and _gid, each for 2 years": names listed together share the lifetime after the list.
    for (let i = names.length - 2; i >= 0; i--) if (lifetimes[i] === undefined && SEPARATOR_ONLY.test(segments[i]!)) lifetimes[i] = lifetimes[i + 1];
    const sentenceCategory = categoryIn(sentence.replace(/\S*_\S*/g, ' '));
    names.forEach((n, i) => {
      const provider = nearestProvider(mentions, n.start);
      x.entry([n.name], sentence, {
        fromProse: true,
        expires: lifetimes[i] ?? (names.length === 1 ? laterLifetime : undefined) ?? null,
        ...(sentenceCategory !== undefined && { sentenceCategory }),
        ...(provider !== undefined && { knownProvider: provider, provider: provider.name }),
      });
    });
  }
}
