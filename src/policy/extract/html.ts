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

/** Classes that hide text from the eye and keep it for screen readers (Bootstrap, GOV.UK, WordPress, Tailwind, USWDS, DSFR …). */
const VISUALLY_HIDDEN = /(?:^|\s)(?:sr-only|visually-?hidden|[\w-]*-visually-hidden|screen-reader-text|screenreader-only|screen-reader-only|sr-text|a11y-hidden|visuallyhidden|element-invisible|offscreen|u-hidden|fr-sr-only|usa-sr-only|hide-text)(?:\s|$)/i;

/**
 * Is the element shown to a person reading the page? Not when `hidden`, `aria-hidden="true"`, styled
 * `display: none` / `visibility: hidden`, or carrying a visually-hidden class: a responsive table's
 * repeated column label ("<span class="visually-hidden">Cookie name</span>_ga") is for screen readers,
 * and glued to the value it makes "Cookie name_ga".
 */
function shown(element: Element): boolean {
  if (element.attrs.some((a) => a.name === 'hidden') || attr(element, 'aria-hidden') === 'true') return false;
  const style = (attr(element, 'style') ?? '').toLowerCase().replace(/\s+/g, '');
  if (/(?:^|;)display:none|(?:^|;)visibility:hidden/.test(style)) return false;
  return !VISUALLY_HIDDEN.test(attr(element, 'class') ?? '');
}
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

/**
 * Takes out of a freshly parsed page what a person never sees as content (see `shown`). A collapsed
 * panel (`hidden`, `display: none`) that a control on the page opens — its id named by `aria-controls`,
 * `data-target`, `data-bs-target` or a link — stays: a person reads it after a click.
 */
export function dropHidden(root: ParentNode): void {
  const opened = new Set<string>();
  for (const e of findAll(root, () => true)) {
    for (const name of ['aria-controls', 'data-target', 'data-bs-target', 'href']) {
      for (const id of (attr(e, name) ?? '').split(/\s+/)) if (id !== '') opened.add(id.replace(/^#/, ''));
    }
  }
  const visit = (node: ParentNode) => {
    node.childNodes = node.childNodes.filter((child) => {
      if (!isElement(child)) return true;
      const collapsed = child.attrs.some((a) => a.name === 'hidden') || /(?:^|;)display:none/.test((attr(child, 'style') ?? '').toLowerCase().replace(/\s+/g, ''));
      if (!shown(child) && !(collapsed && opened.has(attr(child, 'id') ?? '\u0000') && !VISUALLY_HIDDEN.test(attr(child, 'class') ?? ''))) return false;
      visit(child);
      return true;
    });
  };
  visit(root);
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
