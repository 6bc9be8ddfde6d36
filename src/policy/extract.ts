/**
 * Drafting a manifest from a published, human-written cookie policy page: the cookie tables, definition
 * lists and "name — what it does. How long." lines people write, read in document order under the
 * section headings that give their category ("Strictly Necessary", "Performance and Analytics", …).
 * Also: lifetimes from phrases ("24 hours", "one year", "session"), the third parties the page names,
 * statements such as "we do not use advertising cookies" (the category becomes forbidden), and the
 * consent banner's accept/reject buttons when the page carries one with ids.
 *
 * Pure: HTML text in, a draft out. Fetching the page is the caller's business (a file, or a browser so
 * that --resolve and certificate options apply). The draft is a starting point for a person; every
 * guess is listed in `review` so the YAML can say so next to the entry.
 */
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { Document as YamlDocument, type Node as YamlNode } from 'yaml';
import type { StorageType } from '../evidence/types.js';
import { COOKIE_SECTION, CATEGORY_WORDS, KNOWN_PROVIDERS, NUMBER_WORDS, UNIT_WORDS, type KnownProvider } from './extract-vocabulary.js';
import type { Category } from './types.js';

type Element = DefaultTreeAdapterMap['element'];
type ChildNode = DefaultTreeAdapterMap['childNode'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];

export interface DraftCookie {
  name: string;
  category: Category;
  expires?: string;
  provider?: string;
  purpose?: string;
}
export interface DraftStorage {
  key: string;
  type: StorageType;
  category: Category;
  purpose?: string;
}
export interface DraftThirdParty {
  name: string;
  domains: string[];
  category: Category;
  purpose?: string;
}
/** A manifest as written (rules/policy.schema.json), in the key order a person reads it. */
export interface DraftManifest {
  site?: string;
  consent: { beforeConsent: Category[]; accept?: { selector: string }; reject?: { selector: string } };
  categories: Partial<Record<Category, 'forbidden'>>;
  cookies: DraftCookie[];
  storage: DraftStorage[];
  thirdParties: DraftThirdParty[];
}

/** Something the reader of the draft must check, at a path such as ['cookies', 2]. */
export interface ReviewNote {
  path: (string | number)[];
  note: string;
}

export interface ExtractResult {
  manifest: DraftManifest;
  review: ReviewNote[];
}

// ---- text ----

const SKIPPED = new Set(['script', 'style', 'template', 'noscript', 'nav', 'footer', 'button', 'form', 'select', 'svg', 'head']);
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'aside', 'header', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody',
  'tfoot', 'tr', 'td', 'th', 'caption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'figure', 'figcaption', 'br', 'hr',
]);
const LISTS = new Set(['ul', 'ol', 'dl', 'table']);

const isElement = (node: ChildNode | ParentNode): node is Element => 'tagName' in node;
const childElements = (node: ParentNode): Element[] => node.childNodes.filter(isElement);

/** Visible text, block boundaries as spaces, whitespace collapsed; `without` skips those tags' subtrees. */
function textOf(node: ChildNode | ParentNode, without: ReadonlySet<string> = new Set()): string {
  const parts: string[] = [];
  const walk = (current: ChildNode | ParentNode) => {
    if (current.nodeName === '#text') {
      parts.push((current as DefaultTreeAdapterMap['textNode']).value);
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

function normalise(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

const attr = (element: Element, name: string): string | undefined => element.attrs.find((a) => a.name === name)?.value;

function findAll(node: ParentNode, test: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  for (const child of childElements(node)) {
    if (test(child)) found.push(child);
    found.push(...findAll(child, test));
  }
  return found;
}

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[A-Z0-9"“(])/).map((s) => s.trim()).filter(Boolean);
}

// ---- vocabulary ----

export function categoryIn(text: string): Category | undefined {
  return CATEGORY_WORDS.find(({ pattern }) => pattern.test(text))?.category;
}

const alternatives = (words: string[]) => words.sort((a, b) => b.length - a.length).join('|');
const UNITS = Object.keys(UNIT_WORDS);
// Digits may touch their unit ("24h"); number words need a space and a whole unit word, so "and" is not
// "an d(ay)" and "an ad" no day either.
const DURATION = new RegExp(
  `\\b(?:(\\d+(?:\\.\\d+)?)\\s*-?\\s*(${alternatives(UNITS)})|(${alternatives(Object.keys(NUMBER_WORDS))})[\\s-]+(${alternatives(UNITS.filter((u) => u.length > 2))}))\\b`,
  'i',
);
const SESSION = /\b(?:session|until you close (?:your|the) browser|when you close (?:your|the) browser|browser is closed)\b/i;

/**
 * A lifetime phrase as the manifest writes it: "session", "30 days", "1 year", "24 hours"; undefined
 * when the text states none ("persistent" alone is no lifetime). A number wins over "session": "keeps
 * your session for 30 days" is 30 days.
 */
export function lifetimeIn(text: string): string | undefined {
  // A sentence that states only the lifetime ("24 hours.") says it best: "within a day. 24 hours." is 24 hours.
  const stated = sentences(text).find((sentence) => lifetimeOnly(sentence) && (DURATION.test(sentence) || SESSION.test(sentence)));
  return lifetimeInText(stated ?? text);
}

function lifetimeInText(text: string): string | undefined {
  const match = DURATION.exec(text);
  if (match) {
    const amount = match[1] ?? match[3] ?? '';
    const unitWord = match[2] ?? match[4] ?? '';
    const count = /^\d/.test(amount) ? Number(amount) : (NUMBER_WORDS[amount.toLowerCase()] ?? NaN);
    const unit = UNIT_WORDS[unitWord.toLowerCase()];
    if (Number.isFinite(count) && count > 0 && unit) return `${count} ${unit}${count === 1 ? '' : 's'}`;
  }
  return SESSION.test(text) ? 'session' : undefined;
}

const FILLER = /\b(?:session|duration|cookie|expires?|expiry|after|for|lasts?|kept|stored|deleted|persistent|up|to|until|when|you|close|your|the|browser|is|closed|it)\b/gi;

/** "Session duration.", "Expires after 24 hours.", "1 year." */
function lifetimeOnly(sentence: string): boolean {
  return !/[a-z]{2,}/i.test(sentence.replace(new RegExp(DURATION.source, 'gi'), ' ').replace(FILLER, ' '));
}

/** Leaves out sentences that only state the lifetime. */
function purposeOf(text: string): string | undefined {
  const kept = sentences(text).filter((sentence) => !lifetimeOnly(sentence));
  const purpose = normalise(kept.join(' '));
  return purpose === '' ? undefined : purpose;
}

function storageTypeIn(text: string): StorageType | 'cookie' | undefined {
  if (/\blocal\s*storage\b/i.test(text)) return 'localStorage';
  if (/\bsession\s*storage\b/i.test(text)) return 'sessionStorage';
  if (/\bindexed\s*db\b/i.test(text)) return 'indexedDB';
  if (/\b(?:http\s*)?cookie\b/i.test(text)) return 'cookie';
  return undefined;
}

function providersIn(text: string): KnownProvider[] {
  return KNOWN_PROVIDERS.filter((provider) => provider.pattern.test(text));
}

/**
 * Could this be a cookie or storage name? A single token, not a capitalised word ("Chrome", "Access"),
 * with at most 128 characters. Placeholders people write for variable parts become globs:
 * "_ga_<container-id>", "_hjSessionUser_{site_id}" → "_ga_*", "_hjSessionUser_*".
 */
export function cookieName(token: string, fromCode: boolean): string | undefined {
  const name = token
    .trim()
    .replace(/^[`'"“‘]+|[`'"”’]+$/g, '')
    .replace(/<[^>]*>|\{[^}]*\}|\[[^\]]*\]/g, '*');
  if (name === '' || name.length > 128 || /\s/.test(name)) return undefined;
  if (!fromCode && /^[A-Z][a-z]+$/.test(name)) return undefined;
  if (!/^[\x21-\x7e]+$/.test(name) || /[;,=]/.test(name)) return undefined;
  return name;
}

/** "a, b and c" / "a / b" → names. */
function namesIn(text: string, fromCode: boolean): string[] {
  return text
    .split(/\s*(?:,|\/|\band\b|\bor\b)\s*/)
    .map((part) => cookieName(part, fromCode))
    .filter((name): name is string => name !== undefined);
}

// ---- the walk ----

/**
 * The category of an entry the page files under none. Not necessary: only the site can claim the
 * strictly-necessary exemption, and an unclaimed cookie must not pass the before-consent checks.
 */
const UNSTATED: Category = 'functional';

interface Heading {
  level: number;
  category: Category | undefined;
  cookieSection: boolean;
}

class Extraction {
  readonly cookies: DraftCookie[] = [];
  readonly storage: DraftStorage[] = [];
  readonly thirdParties: DraftThirdParty[] = [];
  readonly forbidden = new Set<Category>();
  readonly review: ReviewNote[] = [];
  private headings: Heading[] = [];

  heading(level: number, text: string): void {
    this.headings = this.headings.filter((h) => h.level < level);
    const category = categoryIn(text);
    this.headings.push({ level, category, cookieSection: category !== undefined || COOKIE_SECTION.test(text) });
  }

  get category(): Category | undefined {
    for (let i = this.headings.length - 1; i >= 0; i--) {
      const category = this.headings[i]?.category;
      if (category !== undefined) return category;
    }
    return undefined;
  }

  get inCookieSection(): boolean {
    return this.headings.some((h) => h.cookieSection);
  }

  /** Statements in running text: forbidden categories, third parties named in a cookie section. */
  statement(text: string): void {
    for (const sentence of sentences(text)) {
      const forbidden = forbiddenCategory(sentence);
      if (forbidden) this.forbidden.add(forbidden);
    }
    if (this.inCookieSection) for (const provider of providersIn(text)) this.thirdParty(provider, this.category);
  }

  thirdParty(provider: KnownProvider, category: Category | undefined): void {
    if (this.thirdParties.some((tp) => tp.name === provider.name)) return;
    this.thirdParties.push({ name: provider.name, domains: [...provider.domains], category: category ?? provider.category });
    this.review.push({
      path: ['thirdParties', this.thirdParties.length - 1],
      note: `domains from cookie-audit's list of known providers${category === undefined ? `; category ${provider.category} is its usual one, the page names none` : ''}: check them`,
    });
  }

  /** One declared item: a name with what the page says about it. */
  entry(names: string[], description: string, hints: { category?: Category; expires?: string; provider?: string; type?: StorageType | 'cookie' } = {}): void {
    const providers = providersIn(`${hints.provider ?? ''} ${description}`);
    const fromText = categoryIn(description);
    const category = hints.category ?? this.category ?? fromText;
    const expires = hints.expires ?? lifetimeIn(description);
    const type = hints.type ?? storageTypeIn(description.replace(/\bcookies?\b/gi, ''));
    const purpose = purposeOf(description);
    for (const provider of providers) this.thirdParty(provider, category);
    for (const name of names) {
      if (this.cookies.some((c) => c.name === name) || this.storage.some((s) => s.key === name)) continue;
      const notes: string[] = [];
      if (hints.category === undefined && this.category === undefined) {
        notes.push(fromText ? `category ${fromText} guessed from the description` : `the page states no category: set to ${UNSTATED}, which needs consent; review`);
      }
      if (type !== undefined && type !== 'cookie') {
        this.storage.push({ key: name, type, category: category ?? UNSTATED, ...(purpose !== undefined && { purpose }) });
        if (notes.length > 0) this.review.push({ path: ['storage', this.storage.length - 1], note: notes.join('; ') });
        continue;
      }
      const provider = hints.provider !== undefined && hints.provider !== '' ? hints.provider : providers[0]?.name;
      this.cookies.push({
        name,
        category: category ?? UNSTATED,
        ...(expires !== undefined && { expires }),
        ...(provider !== undefined && { provider }),
        ...(purpose !== undefined && { purpose }),
      });
      if (expires === undefined) notes.push('the page states no lifetime');
      if (notes.length > 0) this.review.push({ path: ['cookies', this.cookies.length - 1], note: notes.join('; ') });
    }
  }
}

const CONDITION = /\b(?:without|unless|until|before|except|only\s+(?:if|when|after|with|once))\b/i;

/** "We do not use targeting or advertising cookies" → marketing; conditional sentences forbid nothing. */
export function forbiddenCategory(sentence: string): Category | undefined {
  if (!/\b(?:cookies?|tracking|trackers?)\b/i.test(sentence) || CONDITION.test(sentence)) return undefined;
  const negation = /\b(?:do(?:es)?\s+not|don['’]t|doesn['’]t|never|will\s+not|won['’]t)\s+(?:\w+\s+)?(?:use|set|place|serve|deploy)\b|\b(?:use|uses|set|sets)\s+no\b|\bno\s+(?:\w+\s+){0,3}cookies\s+(?:are|is)\s+(?:used|set)\b/i.exec(sentence);
  if (!negation) return undefined;
  const after = sentence.slice(negation.index);
  return categoryIn(after);
}

function visit(node: ParentNode, x: Extraction): void {
  for (const child of node.childNodes) visitNode(child, x);
}

function visitNode(child: ChildNode, x: Extraction): void {
  if (!isElement(child)) {
    if (child.nodeName === '#text') {
      const text = normalise((child as DefaultTreeAdapterMap['textNode']).value);
      if (text) x.statement(text);
    }
    return;
  }
  const tag = child.tagName;
  // The consent banner is the site's, not the policy's: its text declares nothing.
  if (SKIPPED.has(tag) || attr(child, 'id') === 'cookie-banner' || attr(child, 'role') === 'dialog') return;
  const level = /^h([1-6])$/.exec(tag)?.[1];
  if (level !== undefined) {
    x.heading(Number(level), textOf(child));
  } else if (tag === 'table') {
    table(child, x);
  } else if (tag === 'dl') {
    definitionList(child, x);
  } else if (tag === 'li') {
    line(child, x, textOf(child, LISTS));
    for (const list of childElements(child).filter((e) => LISTS.has(e.tagName))) visitNode(list, x);
  } else if (tag === 'p' || (tag === 'div' && !childElements(child).some((e) => BLOCKS.has(e.tagName) && e.tagName !== 'br'))) {
    paragraph(child, x);
  } else {
    visit(child, x);
  }
}

/** A paragraph opening with a bold category label ("<strong>Analytics cookies</strong> …") acts as a heading. */
function paragraph(p: Element, x: Extraction): void {
  const first = childElements(p)[0];
  const leading = p.childNodes.find((n) => n.nodeName !== '#text' || normalise((n as DefaultTreeAdapterMap['textNode']).value) !== '');
  if (first && leading === first && (first.tagName === 'strong' || first.tagName === 'b')) {
    const label = textOf(first);
    if (categoryIn(label) !== undefined || COOKIE_SECTION.test(label)) x.heading(7, label);
  }
  line(p, x, textOf(p));
}

const SEPARATOR = /^(.{1,160}?)\s+(?:—|–|-{1,2}|:)\s+(.+)$|^(.{1,160}?):\s+(.+)$/s;

/** "auth_token — JWT authentication token. Session duration." in a list item or paragraph. */
function line(element: Element, x: Extraction, text: string): void {
  x.statement(text);
  if (!x.inCookieSection || text === '') return;
  const code = childElements(element)[0];
  const codeFirst = code !== undefined && code.tagName === 'code' && text.startsWith(textOf(code));
  const match = SEPARATOR.exec(text);
  if (!match) return;
  const head = match[1] ?? match[3] ?? '';
  const rest = match[2] ?? match[4] ?? '';
  // "rzp_device_id (local storage) — …": a parenthesised note after the name says what it is or who sets it.
  const note = /^(.*?)\s*\(([^)]*)\)$/.exec(head);
  const names = namesIn(note?.[1] ?? head, codeFirst);
  if (names.length === 0) return;
  const hints: Parameters<Extraction['entry']>[2] = {};
  const type = note?.[2] === undefined ? undefined : storageTypeIn(note[2]);
  if (type !== undefined) hints.type = type;
  const provider = note?.[2] === undefined ? undefined : providersIn(note[2])[0];
  if (provider !== undefined) hints.provider = provider.name;
  x.entry(names, rest, hints);
}

function definitionList(dl: Element, x: Extraction): void {
  if (!x.inCookieSection) return;
  let names: string[] = [];
  let fromCode = false;
  for (const item of childElements(dl).flatMap((e) => (e.tagName === 'div' ? childElements(e) : [e]))) {
    if (item.tagName === 'dt') {
      const code = childElements(item)[0];
      fromCode = code?.tagName === 'code';
      names = namesIn(textOf(item), fromCode);
    } else if (item.tagName === 'dd' && names.length > 0) {
      const description = textOf(item);
      x.statement(description);
      x.entry(names, description);
      names = [];
    }
  }
}

type Role = 'name' | 'provider' | 'purpose' | 'duration' | 'category' | 'type' | 'domain';
const ROLES: readonly { role: Role; pattern: RegExp }[] = [
  { role: 'duration', pattern: /\b(?:duration|expiry|expiration|expires|lifetime|retention|lifespan|max[- ]age)\b/i },
  { role: 'provider', pattern: /\b(?:provider|set by|vendor|service|third[- ]party|source|company|owner)\b/i },
  { role: 'purpose', pattern: /\b(?:purpose|description|used for|what it does|function|why)\b/i },
  { role: 'category', pattern: /\b(?:category|categories|classification)\b/i },
  { role: 'type', pattern: /^\s*(?:type|kind|storage)\s*$/i },
  { role: 'domain', pattern: /\b(?:domain|host)\b/i },
  { role: 'name', pattern: /\b(?:cookies?|name|key|identifier)\b/i },
];

function table(tableElement: Element, x: Extraction): void {
  const rows = findAll(tableElement, (e) => e.tagName === 'tr');
  const cells = (row: Element) => childElements(row).filter((c) => c.tagName === 'td' || c.tagName === 'th');
  const headerRow = rows.find((row) => cells(row).length > 0 && cells(row).every((c) => c.tagName === 'th')) ?? rows[0];
  if (!headerRow) return;
  const roles = cells(headerRow).map((cell) => ROLES.find(({ pattern }) => pattern.test(textOf(cell)))?.role);
  const captionElement = childElements(tableElement).find((e) => e.tagName === 'caption');
  const caption = captionElement ? textOf(captionElement) : '';
  const cookieTable = roles.includes('name') && (x.inCookieSection || COOKIE_SECTION.test(`${caption} ${textOf(headerRow)}`));
  if (!cookieTable) return;
  const column = (role: Role) => roles.indexOf(role);
  const captionCategory = caption === '' ? undefined : categoryIn(caption);

  for (const row of rows) {
    if (row === headerRow) continue;
    const values = cells(row);
    const cell = (role: Role) => {
      const index = column(role);
      const element = index < 0 ? undefined : values[index];
      return element ? textOf(element) : '';
    };
    const nameCell = values[column('name')];
    if (!nameCell) continue;
    const fromCode = childElements(nameCell).some((e) => e.tagName === 'code');
    const names = namesIn(textOf(nameCell), fromCode);
    if (names.length === 0) continue;
    const purpose = cell('purpose');
    const duration = cell('duration');
    const categoryText = cell('category');
    const typeText = cell('type');
    const provider = cell('provider');
    const hints: Parameters<Extraction['entry']>[2] = {};
    const category = (categoryText ? categoryIn(categoryText) : undefined) ?? captionCategory;
    if (category !== undefined) hints.category = category;
    const expires = duration ? lifetimeIn(duration) : undefined;
    if (expires !== undefined) hints.expires = expires;
    if (provider) hints.provider = provider;
    const type = typeText ? storageTypeIn(typeText) : undefined;
    if (type !== undefined) hints.type = type;
    x.entry(names, purpose || duration, hints);
  }
}

// ---- the page as a whole ----

/** "Cookie Policy · Orion CRM" → "Orion CRM": the part of the title that is not about the policy. */
function siteName(document: ParentNode): string | undefined {
  const metas = findAll(document, (e) => e.tagName === 'meta');
  const ogName = metas.find((m) => attr(m, 'property') === 'og:site_name');
  const fromMeta = ogName ? normalise(attr(ogName, 'content') ?? '') : '';
  if (fromMeta) return fromMeta;
  const title = findAll(document, (e) => e.tagName === 'title')[0];
  if (!title) return undefined;
  const parts = textOf(title)
    .split(/\s+[|·•—–-]\s+|:\s+/)
    .map((part) => part.trim())
    .filter((part) => part !== '' && !/\b(?:cookies?|privacy|policy|notice|statement|legal)\b/i.test(part));
  return parts[0];
}

/** The banner's accept-all / reject-all buttons, when each is one button with an id. */
function consentButtons(document: ParentNode): Pick<DraftManifest['consent'], 'accept' | 'reject'> {
  const buttons = findAll(document, (e) => e.tagName === 'button' || (e.tagName === 'a' && attr(e, 'role') === 'button'));
  const pick = (pattern: RegExp) => {
    const matching = buttons.filter((b) => pattern.test(textOf(b)));
    const id = matching.length === 1 && matching[0] ? attr(matching[0], 'id') : undefined;
    return id !== undefined && /^[A-Za-z][\w-]*$/.test(id) ? { selector: `#${id}` } : undefined;
  };
  const accept = pick(/^(?:accept|allow|agree to)(?: all)?(?: cookies)?$/i);
  const reject = pick(/^(?:reject|decline|refuse|deny)(?: all)?(?: optional)?(?: cookies)?$/i);
  return { ...(accept && { accept }), ...(reject && { reject }) };
}

/** What the known-cookie databases say about a name (src/knowledge passes its lookup in; policy does not import it). */
export interface KnownCookieFacts {
  category: Category;
  vendor: string;
  lifetime?: string;
  /** Only cookies of these hosts are meant: too generic a name to claim from prose. */
  domains?: string[];
}
export type KnownCookieLookup = (name: string) => KnownCookieFacts | undefined;

export interface ExtractOptions {
  /** The known-cookie databases: names in prose they know are cookies, and they give a category the page does not. */
  known?: KnownCookieLookup;
}

export function extractPolicy(html: string, _options: ExtractOptions = {}): ExtractResult {
  const document = parse(html);
  const x = new Extraction();
  const body = findAll(document, (e) => e.tagName === 'body')[0] ?? document;
  visit(body, x);

  const site = siteName(document);
  const buttons = consentButtons(document);
  const review = [...x.review];
  if (buttons.accept || buttons.reject) review.push({ path: ['consent', buttons.accept ? 'accept' : 'reject'], note: "selectors of the consent banner's buttons found on the page: check them" });
  const categories: DraftManifest['categories'] = {};
  for (const category of ['necessary', 'functional', 'analytics', 'marketing'] as const) {
    if (x.forbidden.has(category)) categories[category] = 'forbidden';
  }
  return {
    manifest: {
      ...(site !== undefined && { site }),
      consent: { beforeConsent: ['necessary'], ...buttons },
      categories,
      cookies: x.cookies,
      storage: x.storage,
      thirdParties: x.thirdParties,
    },
    review,
  };
}

/** The draft as YAML, with a header saying where it came from and a comment at every guess. */
export function draftYaml(result: ExtractResult, source: string): string {
  const doc = new YamlDocument(result.manifest);
  doc.commentBefore = [
    ` Draft policy manifest read from ${source.replace(/[\r\n]+/g, ' ')}`,
    ' by `cookie-audit policy extract`. Review every entry before relying on it:',
    ' the page is prose written for people, and this is a reading of it.',
  ].join('\n');
  for (const { path, note } of result.review) {
    const node = doc.getIn(path, true) as YamlNode | undefined;
    if (node) node.commentBefore = ` review: ${note}`;
  }
  return doc.toString({ lineWidth: 0 });
}
