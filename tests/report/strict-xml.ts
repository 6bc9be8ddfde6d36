/**
 * A deliberately strict XML 1.0 reader for tests: it rejects anything a conforming parser would
 * (forbidden characters, bad references, `]]>` in text, unbalanced tags, duplicate attributes) and
 * returns the tree with text decoded, so a test can compare what a consumer would read back.
 */

export interface XmlTreeElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlTreeNode[];
}
export type XmlTreeNode = XmlTreeElement | string;

/** XML 1.0 §2.2 Char, checked code point by code point (a lone surrogate is its own code point). */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

const NAME = /[A-Za-z_:][A-Za-z0-9_:.-]*/y;
const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export class XmlError extends Error {}

export function parseXml(xml: string): XmlTreeElement {
  for (const char of xml) {
    const code = char.codePointAt(0) ?? 0;
    if (!isXmlChar(code)) throw new XmlError(`forbidden character U+${code.toString(16).padStart(4, '0')}`);
  }
  let pos = 0;
  const fail = (message: string): never => {
    throw new XmlError(`${message} at offset ${pos}: ${JSON.stringify(xml.slice(pos, pos + 30))}`);
  };
  const skipSpace = () => {
    while (pos < xml.length && ' \t\r\n'.includes(xml[pos] as string)) pos++;
  };
  const name = (): string => {
    NAME.lastIndex = pos;
    const match = NAME.exec(xml);
    if (!match) return fail('expected a name');
    pos += match[0].length;
    return match[0];
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;]*);?/g, (whole, body: string) => {
      if (!whole.endsWith(';')) fail(`unterminated reference ${JSON.stringify(whole)}`);
      let code: number | undefined;
      if (/^#[0-9]+$/.test(body)) code = Number.parseInt(body.slice(1), 10);
      else if (/^#x[0-9a-fA-F]+$/.test(body)) code = Number.parseInt(body.slice(2), 16);
      else if (body in PREDEFINED) return PREDEFINED[body] as string;
      else fail(`unknown entity &${body};`);
      if (code === undefined || !isXmlChar(code)) return fail(`reference to a forbidden character &${body};`);
      return String.fromCodePoint(code);
    });

  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    pos = end + 2;
  }
  skipSpace();

  const element = (): XmlTreeElement => {
    if (xml[pos] !== '<') fail('expected <');
    pos++;
    const node: XmlTreeElement = { name: name(), attributes: {}, children: [] };
    for (;;) {
      const before = pos;
      skipSpace();
      if (xml.startsWith('/>', pos)) {
        pos += 2;
        return node;
      }
      if (xml[pos] === '>') {
        pos++;
        break;
      }
      if (pos === before) fail('expected whitespace before attribute');
      const attribute = name();
      skipSpace();
      if (xml[pos] !== '=') fail('expected =');
      pos++;
      skipSpace();
      const quote = xml[pos];
      if (quote !== '"' && quote !== "'") return fail('expected quoted attribute value');
      const end = xml.indexOf(quote, pos + 1);
      if (end < 0) fail('unterminated attribute value');
      const raw = xml.slice(pos + 1, end);
      if (raw.includes('<')) fail('< in attribute value');
      if (attribute in node.attributes) fail(`duplicate attribute ${attribute}`);
      // §3.3.3 attribute-value normalisation: literal whitespace becomes a space, references do not.
      node.attributes[attribute] = decode(raw.replace(/[\t\n\r]/g, ' '));
      pos = end + 1;
    }
    let text = '';
    const flush = () => {
      if (text !== '') node.children.push(text);
      text = '';
    };
    for (;;) {
      if (pos >= xml.length) fail(`unclosed <${node.name}>`);
      if (xml.startsWith('</', pos)) {
        pos += 2;
        const closing = name();
        if (closing !== node.name) fail(`</${closing}> closes <${node.name}>`);
        skipSpace();
        if (xml[pos] !== '>') fail('expected >');
        pos++;
        flush();
        return node;
      }
      if (xml.startsWith('<![CDATA[', pos)) {
        const end = xml.indexOf(']]>', pos + 9);
        if (end < 0) fail('unterminated CDATA');
        // §2.11 end-of-line handling applies inside CDATA too: a consumer reads CR LF and lone CR as LF.
        text += xml.slice(pos + 9, end).replace(/\r\n?/g, '\n');
        pos = end + 3;
        continue;
      }
      if (xml.startsWith('<!--', pos) || xml.startsWith('<?', pos) || xml.startsWith('<!', pos)) {
        fail('comments, PIs and declarations are not expected here');
      }
      if (xml[pos] === '<') {
        flush();
        node.children.push(element());
        continue;
      }
      const next = xml.indexOf('<', pos);
      const raw = xml.slice(pos, next < 0 ? xml.length : next);
      if (raw.includes(']]>')) fail(']]> in character data');
      text += decode(raw.replace(/\r\n?/g, '\n'));
      pos += raw.length;
    }
  };

  const root = element();
  skipSpace();
  if (pos !== xml.length) fail('content after the root element');
  return root;
}

/** Element children only (whitespace-only text between elements is formatting). */
export function elements(node: XmlTreeElement, name?: string): XmlTreeElement[] {
  return node.children.filter(
    (child): child is XmlTreeElement => typeof child !== 'string' && (name === undefined || child.name === name),
  );
}

/** The element's text: its string children joined (adjacent CDATA sections are one text). */
export function textOf(node: XmlTreeElement): string {
  return node.children.filter((child): child is string => typeof child === 'string').join('');
}
