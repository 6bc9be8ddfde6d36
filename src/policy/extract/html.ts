/** The few parse5 tree helpers the policy readers share: elements, attributes and visible text. */
import type { DefaultTreeAdapterMap } from 'parse5';

export type Element = DefaultTreeAdapterMap['element'];
export type ChildNode = DefaultTreeAdapterMap['childNode'];
export type ParentNode = DefaultTreeAdapterMap['parentNode'];
export type TextNode = DefaultTreeAdapterMap['textNode'];

/** Never read: code, styles, and the chrome around a policy (navigation, forms). */
export const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'nav', 'footer', 'form', 'select', 'svg', 'head']);
export const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'aside', 'header', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody',
  'tfoot', 'tr', 'td', 'th', 'caption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'figure', 'figcaption', 'br', 'hr',
  'details', 'summary',
]);
export const LISTS = new Set(['ul', 'ol', 'dl', 'table']);
/** Markup people put cookie names in. */
export const CODE = new Set(['code', 'kbd', 'samp', 'tt', 'var']);

export const isElement = (node: ChildNode | ParentNode): node is Element => 'tagName' in node;
export const childElements = (node: ParentNode): Element[] => node.childNodes.filter(isElement);
export const attr = (element: Element, name: string): string | undefined => element.attrs.find((a) => a.name === name)?.value;

export function normalise(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Visible text, block boundaries as spaces, whitespace collapsed; `without` skips those tags' subtrees. */
export function textOf(node: ChildNode | ParentNode, without: ReadonlySet<string> = new Set()): string {
  const parts: string[] = [];
  const walk = (current: ChildNode | ParentNode) => {
    if (current.nodeName === '#text') {
      parts.push((current as TextNode).value);
      return;
    }
    if (!isElement(current) && current.nodeName !== '#document' && current.nodeName !== '#document-fragment') return;
    if (isElement(current)) {
      if (current !== node && (without.has(current.tagName) || SKIPPED.has(current.tagName))) return;
      if (BLOCKS.has(current.tagName)) parts.push(' ');
    }
    for (const child of (current as ParentNode).childNodes) walk(child);
    if (isElement(current) && BLOCKS.has(current.tagName)) parts.push(' ');
  };
  walk(node);
  return normalise(parts.join(''));
}

export function findAll(node: ParentNode, test: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  for (const child of childElements(node)) {
    if (test(child)) found.push(child);
    found.push(...findAll(child, test));
  }
  return found;
}

/** Has element children that are blocks (other than <br>): then it is a container, not a line of text. */
export const hasBlockChildren = (element: Element): boolean => childElements(element).some((e) => BLOCKS.has(e.tagName) && e.tagName !== 'br');

/** Sentences of running text. A new sentence starts with a capital, a digit, a quote, a bracket or a name's "_". */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+(?=[\p{Lu}0-9"“„«(_<])/u)
    .map((s) => s.trim())
    .filter(Boolean);
}
