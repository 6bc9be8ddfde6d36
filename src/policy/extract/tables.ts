/**
 * Cookie tables, read by what each column means (rules/policy-vocabulary.json `columns`): the tables people
 * write ("Cookie | Set by | What it does | How long it lasts") and the declarations consent platforms
 * generate (Cookiebot's Name / Provider / Purpose / Maximum Storage Duration / Type; OneTrust's Cookie
 * Subgroup / Cookies / Cookies used / Lifespan, several names and lifespans to a cell; Usercentrics' Name /
 * Type / Duration / Domain). A table whose header names no name column is no cookie table.
 */
import { vocabulary, type ColumnRole, type KnownProvider } from '../extract-vocabulary.js';
import type { EntryHints, Extraction } from './draft.js';
import { attr, childElements, CODE, findAll, isElement, normalise, textOf, type Element } from './html.js';
import type { Category } from '../types.js';
import { namesIn, proseNames } from './names.js';
import { categoryIn, lifetimeIn, lifetimesIn, providerOfHost, providerOfVendor, providersIn, typeCell } from './phrases.js';

const cellsOf = (row: Element) => childElements(row).filter((c) => c.tagName === 'td' || c.tagName === 'th');

/** The table as a grid: a cell spanning rows or columns stands in each place it covers ("Analytics" with rowspan="3"). */
function grid(rows: Element[]): Map<Element, Element[]> {
  const result = new Map<Element, Element[]>();
  const carried: { cell: Element; left: number }[] = [];
  for (const row of rows) {
    const placed: Element[] = [];
    const own = [...cellsOf(row)];
    let column = 0;
    while (own.length > 0 || carried.slice(column).some((c) => c && c.left > 0)) {
      const carry = carried[column];
      if (carry && carry.left > 0) {
        placed.push(carry.cell);
        carry.left--;
      } else {
        const cell = own.shift();
        if (!cell) break;
        const rowspan = Math.min(50, Math.max(1, Number(attr(cell, 'rowspan') ?? 1) || 1));
        const colspan = Math.min(20, Math.max(1, Number(attr(cell, 'colspan') ?? 1) || 1));
        for (let i = 0; i < colspan; i++) {
          placed.push(cell);
          if (rowspan > 1) carried[column + i] = { cell, left: rowspan - 1 };
        }
        column += colspan - 1;
      }
      column++;
    }
    result.set(row, placed);
  }
  return result;
}

/**
 * The names of a Name cell: the whole cell ("_ga, _gid"), one per line ("_ga<br>_gid"), the name marked up in a cell
 * that also describes it ("<strong>_ga</strong><br>Google Analytics client ID"), its first line, or the names
 * running text would show ("Google Analytics (_ga, _gid)").
 */
function nameCellText(cell: Element, x: Extraction): { text: string; fromCode: boolean; provider?: string } {
  const fromCode = findAll(cell, (e) => CODE.has(e.tagName)).length > 0;
  const whole = textOf(cell);
  if (namesIn(whole, fromCode, x.known).length > 0) return { text: whole, fromCode };
  const lines: string[] = [''];
  for (const node of cell.childNodes) {
    if (isElement(node) && node.tagName === 'br') lines.push('');
    else lines[lines.length - 1] += ` ${textOf(node)}`;
  }
  const parts = lines.map(normalise).filter(Boolean);
  if (parts.length > 1 && parts.every((part) => namesIn(part, fromCode, x.known).length > 0)) return { text: parts.join(', '), fromCode };
  // "<code>a</code> <code>b</code>": several names, each in its own code span.
  const codes = findAll(cell, (e) => CODE.has(e.tagName)).map((e) => textOf(e));
  if (codes.length > 1 && codes.every((code) => namesIn(code, true, x.known).length > 0)) return { text: codes.join(', '), fromCode: true };
  const marked = findAll(cell, (e) => CODE.has(e.tagName) || e.tagName === 'strong' || e.tagName === 'b')[0];
  if (marked && namesIn(textOf(marked), CODE.has(marked.tagName), x.known).length > 0) return { text: textOf(marked), fromCode: CODE.has(marked.tagName) };
  if (parts.length > 1 && namesIn(parts[0]!, fromCode, x.known).length > 0) return { text: parts[0]!, fromCode };
  const inText = proseNames(whole, [], x.known).map((n) => n.name);
  const provider = providersIn(whole)[0]?.name;
  return { text: inText.length > 0 ? inText.join(', ') : whole, fromCode: false, ...(provider !== undefined && { provider }) };
}

/** The meaning of a header cell, in the vocabulary's order ("Cookie Subgroup" is a domain before it is a name). */
export function columnRole(text: string): ColumnRole | undefined {
  if (text.trim() === '') return undefined;
  const v = vocabulary();
  for (const { role, pattern } of v.columns) {
    if (role === 'type') {
      if (v.labels.find((l) => l.role === 'type')!.pattern.test(text)) return role;
      continue;
    }
    if (pattern.test(text)) return role;
  }
  return undefined;
}

/** The header row: all <th>, else the first row when its cells read as column names (bold <td>s). */
function header(rows: Element[]): { row: Element; roles: (ColumnRole | undefined)[] } | undefined {
  const candidates = [rows.find((row) => cellsOf(row).length > 1 && cellsOf(row).every((c) => c.tagName === 'th')), rows[0]];
  for (const row of candidates) {
    if (!row) continue;
    const roles = cellsOf(row).map((cell) => columnRole(textOf(cell)));
    const cookieTable = roles.includes('name') && roles.filter((r) => r !== undefined).length >= 2;
    const partyTable = !roles.includes('name') && roles.includes('provider') && roles.filter((r) => r !== undefined).length >= 2;
    if (cookieTable || partyTable) return { row, roles };
  }
  return undefined;
}

export function table(tableElement: Element, x: Extraction): boolean {
  const rows = findAll(tableElement, (e) => e.tagName === 'tr');
  const head = header(rows);
  if (!head) return false;
  const cellsAt = grid(rows);
  // Column meanings by grid position, so a header cell spanning columns lines up with the cells below it.
  const gridHeader = cellsAt.get(head.row);
  if (gridHeader && gridHeader.length !== head.roles.length) head.roles = gridHeader.map((cell) => columnRole(textOf(cell)));
  chooseNameColumn(rows, head, cellsAt, x);
  const captionElement = childElements(tableElement).find((e) => e.tagName === 'caption');
  const caption = captionElement ? textOf(captionElement) : '';
  const column = (role: ColumnRole) => head.roles.indexOf(role);
  // Cookie tables count in the cookie section; a table of the services the site uses counts anywhere (a privacy policy's processors).
  if (column('name') >= 0 && !x.inCookieSection && !vocabulary().cookieSection.test(`${caption} ${textOf(head.row)}`)) return false;
  const captionCategory = caption === '' ? undefined : categoryIn(caption);
  if (column('name') < 0) {
    thirdPartyTable(rows, head, x, captionCategory);
    return true;
  }

  for (const row of rows) {
    if (row === head.row) continue;
    const values = cellsAt.get(row) ?? cellsOf(row);
    const nameCell = values[column('name')];
    if (!nameCell || column('name') < 0) continue;
    const cells: Partial<Record<ColumnRole, string>> = {};
    head.roles.forEach((role, i) => {
      const element = values[i];
      if (role !== undefined && role !== 'name' && element && cells[role] === undefined) cells[role] = textOf(element);
    });
    const name = nameCellText(nameCell, x);
    if (name.provider !== undefined) cells.provider ??= name.provider;
    declareRow(x, name.text, name.fromCode, cells, captionCategory);
  }
  return true;
}

/**
 * "Cookie | Name | Purpose | Expires", the first column a label for the service ("Google Analytics", "Language"):
 * of two columns whose header reads as a name, the one whose cells hold names is the name column, and the
 * other labels the service.
 */
function chooseNameColumn(rows: Element[], head: { row: Element; roles: (ColumnRole | undefined)[] }, cellsAt: Map<Element, Element[]>, x: Extraction): void {
  const columns = head.roles.flatMap((role, i) => (role === 'name' ? [i] : []));
  if (columns.length < 2) return;
  const body = rows.filter((row) => row !== head.row);
  const score = (i: number) =>
    body.filter((row) => {
      const cell = (cellsAt.get(row) ?? cellsOf(row))[i];
      return cell !== undefined && namesIn(textOf(cell), findAll(cell, (e) => CODE.has(e.tagName)).length > 0, x.known).length > 0;
    }).length;
  const best = columns.reduce((a, b) => (score(b) > score(a) ? b : a));
  for (const i of columns) if (i !== best) head.roles[i] = head.roles.includes('provider') ? undefined : 'provider';
}

/** "Third party | Domains | Category | Purpose": the services the site uses, with the domains their cookies live on. */
function thirdPartyTable(rows: Element[], head: { row: Element; roles: (ColumnRole | undefined)[] }, x: Extraction, groupCategory: Category | undefined): void {
  for (const row of rows) {
    if (row === head.row) continue;
    const cell = (role: ColumnRole) => {
      const element = cellsOf(row)[head.roles.indexOf(role)];
      return head.roles.indexOf(role) < 0 || !element ? '' : textOf(element);
    };
    const name = cell('provider');
    const domains = cell('domain').split(/[\s,;]+/).map((d) => d.trim().toLowerCase()).filter((d) => /^[a-z0-9.-]+\.[a-z]{2,}$/.test(d));
    if (name === '') continue;
    const category = (cell('category') ? categoryIn(cell('category')) : undefined) ?? groupCategory ?? x.category;
    if (domains.length > 0) {
      x.declaredThirdParty({ name, domains, ...(category !== undefined && { category }), ...(cell('purpose') !== '' && { purpose: cell('purpose') }) });
      continue;
    }
    // A list of service providers without domains ("Stripe | Payment processing"): the known ones, with cookie-audit's domains.
    if (x.inOptOut) continue;
    const purposeCategory = category ?? categoryIn(cell('purpose'));
    for (const provider of providersIn(name)) x.thirdParty(provider, purposeCategory, purposeCategory !== undefined);
  }
}

/** A row's cells by meaning; `service` is a second provider-like label (Termly's "Service" beside "Provider"). */
export type RowCells = Partial<Record<ColumnRole | 'service', string>>;

/**
 * One row of a declaration (a table row, or a run of label/value pairs) by column meaning. Several names
 * in one cell with as many lifetimes pair up in order (OneTrust); a pixel row declares nothing.
 */
export function declareRow(x: Extraction, nameText: string, fromCode: boolean, cells: RowCells, groupCategory?: Category): void {
  const names = namesIn(nameText, fromCode, x.known);
  if (names.length === 0) return;
  const type = cells.type === undefined || cells.type === '' ? undefined : typeCell(cells.type);
  // A pixel stores nothing in the browser: no cookie, no storage entry.
  if (type === 'pixel') return;
  const durationText = cells.duration ?? '';
  // Termly's "Provider: .example.com" is the domain the cookie is set on, not a company.
  const providerIsHost = cells.provider !== undefined && /^\.?[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i.test(cells.provider.trim());
  if (providerIsHost && cells.domain === undefined && cells.provider !== undefined) cells = { ...cells, domain: cells.provider };
  const providerText = providerIsHost ? (cells.service ?? '') : (cells.provider ?? '');
  const hints: EntryHints = {};
  // A "Type" / "Type of cookie" cell may hold the category ("Strictly necessary", "Analytics") rather than a storage type.
  const typeCategory = cells.type !== undefined && type === 'cookie' ? categoryIn(cells.type) : undefined;
  const category = (cells.category ? categoryIn(cells.category) : undefined) ?? typeCategory ?? groupCategory;
  if (category !== undefined) hints.category = category;
  if (providerText) hints.provider = providerText;
  if (type !== undefined) hints.type = type;
  // With its own lifetime column, a purpose cell is only the purpose ("Session." there is what the cookie is for).
  if (cells.duration !== undefined && cells.purpose !== undefined) hints.purpose = cells.purpose;
  const hostProvider = providerOfHost(cells.domain ?? '');
  const lifetimes = durationText === '' ? [] : lifetimesIn(durationText);
  const paired = names.length > 1 && lifetimes.length === names.length;
  names.forEach((name, i) => {
    const own: EntryHints = { ...hints };
    const expires = paired ? lifetimes[i] : durationText === '' ? undefined : lifetimeIn(durationText);
    own.expires = expires ?? null;
    if (expires === undefined && durationText !== '') own.lifetimeText = durationText;
    const knownProvider = providerOfCell(providerText, name, x) ?? hostProvider;
    if (knownProvider) own.knownProvider = knownProvider;
    x.entry([name], cells.purpose ?? '', own);
  });
}

/**
 * The service a Provider cell means: named outright ("Google Analytics", "Meta Platforms, Inc."), or only
 * its company ("Google"), when the known-cookie database's vendor of the cookie says which service it is.
 */
function providerOfCell(text: string, name: string, x: Extraction): KnownProvider | undefined {
  if (text === '') return undefined;
  const named = providersIn(text)[0] ?? providerOfHost(text);
  if (named) return named;
  if (!vocabulary().organisations.test(text)) return undefined;
  const vendor = x.known?.(name)?.vendor;
  return vendor === undefined ? undefined : providerOfVendor(vendor);
}
