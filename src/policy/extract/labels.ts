/**
 * Declarations written as label/value pairs rather than a table: Complianz' statement (<h5>Name</h5>
 * <div class="name">_ga</div> <h5>Expiration</h5> <div>2 years</div> …), CookieYes' list (<li><div>Cookie</div>
 * <div>_clck</div></li> <li><div>Duration</div>…), "Name: _ga" lines. A record starts at a name label and
 * ends at the next one, at a heading, or where its container ends; labels are the table column words.
 */
import { vocabulary, type ColumnRole } from '../extract-vocabulary.js';
import type { Extraction } from './draft.js';
import { identifierShaped, namesIn } from './names.js';
import { isElement, normalise, textOf, type Element, type TextNode } from './html.js';
import { declareRow, type RowCells } from './tables.js';

/** The role a text labels when it is nothing but the label ("Expiration", "Name:"). Plural "Cookies" heads sections, not values. */
export function labelOf(text: string): ColumnRole | undefined {
  if (text.length > 40 || /^(?:cookies|names)\s*:?$/i.test(text.trim())) return undefined;
  return vocabulary().labels.find(({ pattern }) => pattern.test(text))?.role;
}

/** "Löschfrist: 7 Tage": a line that is a label and its value. */
export function labelledLine(text: string): boolean {
  const inline = /^(.{1,40}?)\s?[:：]\s+(.+)$/su.exec(text);
  return inline !== null && labelOf(inline[1]!) !== undefined;
}

/** The lines of a paragraph: broken at <br>, and before a bold label ("<strong>Description:</strong>"). */
export function labelLines(p: Element): string[] {
  const lines: string[] = [''];
  for (const node of p.childNodes) {
    if (isElement(node) && node.tagName === 'br') lines.push('');
    else if (isElement(node) && (node.tagName === 'strong' || node.tagName === 'b') && /[:：]\s*$/.test(textOf(node))) lines.push(textOf(node));
    else lines[lines.length - 1] += ` ${node.nodeName === '#text' ? (node as TextNode).value : textOf(node)}`;
  }
  return lines.map(normalise).filter(Boolean);
}

export class LabelledRecords {
  private pending: ColumnRole | undefined;
  private name: string | undefined;
  /** A heading that is only a cookie's name ("<h3>_panda_cms_session</h3>"): the name of the record below it. */
  private headingName: string | undefined;
  private cells: RowCells = {};

  constructor(private readonly x: Extraction) {}

  /** A leaf of text (a heading, a paragraph, a cell): true when it was a label or a value of a record. */
  leaf(text: string): boolean {
    if (!this.x.inCookieSection) return false;
    const label = labelOf(text);
    if (label !== undefined) {
      if (label === 'name') this.flush();
      this.pending = label;
      return true;
    }
    const inline = /^(.{1,40}?)\s?[:：]\s+(.+)$/su.exec(text);
    const inlineRole = inline ? labelOf(inline[1]!) : undefined;
    if (inline && inlineRole !== undefined) return this.value(inlineRole, inline[2]!);
    if (this.pending === undefined) return false;
    const role = this.pending;
    this.pending = undefined;
    return this.value(role, text);
  }

  private value(role: ColumnRole, text: string): boolean {
    if (role === 'name') {
      this.flush();
      if (namesIn(text, false, this.x.known).length === 0) return false;
      this.name = text;
      return true;
    }
    if (this.name === undefined && this.headingName !== undefined) this.name = this.headingName;
    if (this.name === undefined) return false;
    if (role === 'provider' && this.cells.provider !== undefined) this.cells.service ??= text;
    else this.cells[role] ??= text;
    return true;
  }

  /** A heading was read: when it is one name and nothing else, the label lines below it describe that cookie. */
  heading(text: string, fromCode: boolean): void {
    const names = namesIn(text, fromCode, this.x.known);
    this.headingName = names.length === 1 && (fromCode || identifierShaped(names[0]!)) ? names[0] : undefined;
  }

  /** Declares the record read so far, under the section it stands in. */
  flush(): void {
    if (this.name !== undefined) declareRow(this.x, this.name, false, this.cells);
    this.name = undefined;
    this.headingName = undefined;
    this.cells = {};
    this.pending = undefined;
  }
}
