/**
 * A tiny XML tree and serializer, just enough for JUnit. Every attribute value goes through escape()
 * and every text body through cdata(): together they are the only way site text reaches the XML,
 * so the document is well-formed whatever a site names its cookies.
 */

export interface XmlElement {
  name: string;
  attributes?: Record<string, string | number>;
  children?: XmlNode[];
}

/** Text is always written as CDATA: readable in the file, and only `]]>` needs care. */
export interface XmlText {
  text: string;
}

export type XmlNode = XmlElement | XmlText;

/**
 * Characters XML 1.0 forbids (C0 controls except tab/LF/CR, unpaired surrogates, U+FFFE/U+FFFF),
 * plus DEL and C1, which XML 1.0 only discourages but terminals and some CI viewers act on.
 * With the `u` flag the surrogate range only matches surrogates that are not part of a pair.
 */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/gu;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // Parsers turn raw tab/LF/CR in attribute values into spaces; character references survive.
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

export function stripForbidden(text: string): string {
  return text.replace(FORBIDDEN, '');
}

/** Escapes text for an attribute value (also safe as element content). */
export function escape(text: string): string {
  return stripForbidden(text).replace(/[&<>"'\t\n\r]/g, (char) => ENTITIES[char] ?? char);
}

/**
 * A CDATA section holding `text` exactly (minus forbidden characters). A `]]>` inside the text would
 * end the section early, so it is split across two sections (`]]` | `>`) rather than rewritten:
 * a parser concatenating the sections gets the original text back.
 * Stripping comes first so that removing a character cannot create a new `]]>` (e.g. `]]\u0001>`).
 * (A CR inside CDATA reads back as LF, as everywhere in XML text; failure bodies are line-oriented anyway.)
 */
export function cdata(text: string): string {
  return `<![CDATA[${stripForbidden(text).replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

export function serialize(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderElement(root, 0)}\n`;
}

function renderElement(element: XmlElement, depth: number): string {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(element.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escape(String(value))}"`)
    .join('');
  const children = element.children ?? [];
  const open = `${indent}<${element.name}${attributes}`;
  if (children.length === 0) return `${open}/>`;
  // Text bodies stay on the tag's line: indentation inside CDATA would change the text.
  if (children.every(isText)) return `${open}>${children.map((child) => cdata(child.text)).join('')}</${element.name}>`;
  const inner = children.map((child) =>
    isText(child) ? `${'  '.repeat(depth + 1)}${cdata(child.text)}` : renderElement(child, depth + 1),
  );
  return `${open}>\n${inner.join('\n')}\n${indent}</${element.name}>`;
}

function isText(node: XmlNode): node is XmlText {
  return 'text' in node;
}
