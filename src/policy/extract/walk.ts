/**
 * The walk through a policy page in document order, handing each shape to its reader: headings (and what
 * acts as one: a bold label, a short category line such as Cookiebot's "Necessary (3)", an accordion's
 * button, a <summary>), tables, definition lists, lines, label/value records and running text.
 */
import { vocabulary } from '../extract-vocabulary.js';
import type { Extraction } from './draft.js';
import { attr, childElements, CODE, hasBlockChildren, isElement, LISTS, normalise, textOf, type ChildNode, type Element, type ParentNode, type TextNode, SKIPPED } from './html.js';
import { labelledLine, LabelledRecords, labelLines } from './labels.js';
import { definitionList, line } from './lines.js';
import { categoryIn } from './phrases.js';
import { prose } from './prose.js';
import { table } from './tables.js';

/** Containers whose headings end with them (an Iubenda service box inside a purpose section). */
const SCOPES = new Set(['li', 'details', 'section', 'article', 'aside', 'blockquote', 'dd', 'td']);
/** Containers whose end also ends a label/value record. */
const RECORD_ENDS = new Set(['details', 'section', 'article', 'aside', 'table']);

export class PolicyWalk {
  private readonly records: LabelledRecords;

  constructor(private readonly x: Extraction) {
    this.records = new LabelledRecords(x);
  }

  read(body: ParentNode): void {
    this.visit(body);
    this.records.flush();
  }

  private visit(node: ParentNode): void {
    for (const child of node.childNodes) this.visitNode(child);
  }

  private visitNode(child: ChildNode): void {
    const x = this.x;
    if (!isElement(child)) {
      if (child.nodeName === '#text') {
        const text = normalise((child as TextNode).value);
        if (text) x.statement(text);
      }
      return;
    }
    const tag = child.tagName;
    // The consent banner is the site's, not the policy's: its text declares nothing.
    if (SKIPPED.has(tag) || vocabulary().bannerContainers.has(attr(child, 'id') ?? '') || ['dialog', 'alertdialog'].includes(attr(child, 'role') ?? '')) return;
    const ariaHeading = attr(child, 'role') === 'heading' ? (/^[1-6]$/.exec(attr(child, 'aria-level') ?? '')?.[0] ?? '2') : undefined;
    const level = /^h([1-6])$/.exec(tag)?.[1] ?? ariaHeading;
    if (tag === 'button') {
      // An accordion's toggle names the section it opens; other buttons are controls, not text.
      if (attr(child, 'aria-expanded') !== undefined || attr(child, 'aria-controls') !== undefined || attr(child, 'data-bs-toggle') !== undefined || attr(child, 'data-toggle') !== undefined) {
        this.records.flush();
        x.heading(7, textOf(child));
      }
    } else if (level !== undefined) {
      const text = textOf(child);
      if (Number(level) >= 4 && this.records.leaf(text)) return;
      this.records.flush();
      x.heading(Number(level), text);
      this.records.heading(text, childElements(child).some((e) => CODE.has(e.tagName)));
    } else if (tag === 'summary') {
      if (childElements(child).some((e) => /^h[1-6]$/.test(e.tagName) || hasBlockChildren(e))) this.visit(child);
      else {
        this.records.flush();
        x.heading(7, textOf(child));
      }
    } else if (tag === 'table') {
      this.records.flush();
      if (!table(child, x)) this.labelledRows(child);
      this.records.flush();
      x.endLeadIn();
    } else if (tag === 'dl') {
      this.records.flush();
      definitionList(child, x);
      x.endLeadIn();
    } else if (tag === 'ul' || tag === 'ol') {
      this.visit(child);
      x.endLeadIn();
    } else if (tag === 'li') {
      x.scoped(() => this.listItem(child));
    } else if (SCOPES.has(tag)) {
      x.scoped(() => {
        this.visit(child);
        if (RECORD_ENDS.has(tag)) this.records.flush();
      });
    } else if (tag === 'p' || (tag === 'div' && !hasBlockChildren(child))) {
      this.paragraph(child);
    } else {
      this.visit(child);
    }
  }

  private listItem(li: Element): void {
    if (childElements(li).some((e) => ['div', 'p', 'section', 'article', 'table', 'dl', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'details'].includes(e.tagName))) {
      this.visit(li);
      return;
    }
    const text = textOf(li, LISTS);
    const lists = childElements(li).filter((e) => LISTS.has(e.tagName));
    const label = text.replace(/[:：]\s*$/, '');
    // "<li>Functional cookies<ul><li>Naam van cookie: …</li>…</ul></li>": the outer item's words head its list.
    if (lists.length > 0 && label.length <= 60 && !/[.!?]/.test(label) && categoryIn(label) !== undefined) {
      this.records.flush();
      this.x.heading(7, label);
    } else if (!this.records.leaf(text)) {
      this.x.statement(text);
      if (!line(li, this.x, text)) prose(li, this.x);
    }
    for (const list of lists) this.visitNode(list);
    // A record in the item's own list ends with the item, under the category the item gives it.
    if (lists.length > 0) this.records.flush();
  }

  /** A table that is not a cookie table may still hold one declaration per row pair ("Name | _ga", "Expiry | 2 years"). */
  private labelledRows(tableElement: Element): void {
    const rows = childElements(tableElement).flatMap((e) => (e.tagName === 'tr' ? [e] : childElements(e).filter((r) => r.tagName === 'tr')));
    for (const row of rows) {
      const cells = childElements(row).filter((c) => c.tagName === 'td' || c.tagName === 'th');
      if (cells.length === 2 && this.records.leaf(textOf(cells[0]!))) this.records.leaf(textOf(cells[1]!));
    }
  }

  /**
   * A paragraph. One that is only a short category name ("Necessary (3)", "Marketing/Tracking", a bold
   * "Essential") acts as a heading; one opening with a bold category label ("<strong>Analytics cookies</strong> …")
   * acts as a heading for what follows it too.
   */
  private paragraph(p: Element): void {
    const x = this.x;
    const text = textOf(p);
    if (text === '') return;
    const v = vocabulary();
    // "Name: user-answers<br>Löschfrist: 7 Tage", "<strong>Cookie Type:</strong> Necessary <strong>Description:</strong> …": a record in label lines.
    const segments = labelLines(p);
    if (segments.length > 1 && segments.some((segment) => labelledLine(segment))) {
      let read = false;
      for (const segment of segments) read = this.records.leaf(segment) || read;
      if (read) {
        x.statement(text);
        return;
      }
    }
    const label = text.replace(/\s*\(\d+\)\s*$/, '');
    if (label.length <= 40 && label.split(/\s+/).length <= 4 && !/[.!?]/.test(label) && (categoryIn(label) !== undefined || v.unclassified.test(label))) {
      this.records.flush();
      x.heading(7, label);
      return;
    }
    const first = childElements(p)[0];
    const leading = p.childNodes.find((n) => n.nodeName !== '#text' || normalise((n as TextNode).value) !== '');
    if (first && leading === first && (first.tagName === 'strong' || first.tagName === 'b')) {
      const bold = textOf(first);
      if (categoryIn(bold) !== undefined || v.cookieSection.test(bold)) {
        this.records.flush();
        x.heading(7, bold);
      }
    }
    if (this.records.leaf(text)) return;
    x.statement(text);
    if (!line(p, x, text)) prose(p, x);
  }
}
