/**
 * The draft as it grows while the page is read in document order: the section the reader is in (its
 * headings, their category, whether they are about cookies or about opting out, the service they name),
 * the items declared so far, and the notes a person must check.
 */
import type { StorageType } from '../../evidence/types.js';
import { vocabulary, type KnownProvider } from '../extract-vocabulary.js';
import type { Category } from '../types.js';
import { sentences } from './html.js';
import { categoriesIn, categoryIn, deniedCategories, lifetimeIn, onlyCategory, providersIn, purposeCategory, purposeOf, storageTypeIn } from './phrases.js';

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

/** What the known-cookie databases say about a name (src/knowledge passes its lookup in; policy does not import it). */
export interface KnownCookieFacts {
  category: Category;
  vendor: string;
  lifetime?: string;
  /** Only cookies of these hosts are meant: too generic a name to claim from prose. */
  domains?: string[];
}
export type KnownCookieLookup = (name: string) => KnownCookieFacts | undefined;

/**
 * The category of an entry the page files under none. Not necessary: only the site can claim the
 * strictly-necessary exemption, and an unclaimed cookie must not pass the before-consent checks.
 */
export const UNSTATED: Category = 'functional';

interface Heading {
  level: number;
  /** 'unclassified': the page says it has not classified what follows (stops the search upwards). */
  category: Category | 'unclassified' | undefined;
  cookieSection: boolean;
  optOut: boolean;
  /** A glossary or "What are cookies?": terms are defined there, nothing is declared. */
  definitions: boolean;
  provider: KnownProvider | undefined;
  /** A sentence ending in a colon that heads the list after it ("… sets two essential cookies:"). */
  leadIn?: boolean;
}

/** What a reader knows about one item beyond its name. */
export interface EntryHints {
  category?: Category;
  /** The lifetime the reader found; null when it looked and the page states none for this item. */
  expires?: string | null;
  /** The provider as the page writes it (a Provider cell, a note). */
  provider?: string;
  /** A provider known to cookie-audit, when the page identifies one. */
  knownProvider?: KnownProvider;
  type?: StorageType | 'cookie';
  /** A category the surrounding sentence states, used after the section's and the databases'. */
  sentenceCategory?: Category;
  /** The purpose as a Purpose cell states it, taken as it is. */
  purpose?: string;
  /** Found in running text rather than in a list or table: a person should read the sentence. */
  fromProse?: boolean;
  /** The lifetime as the page writes it (a cell, a label's value), when it names no duration of its own. */
  lifetimeText?: string;
}

interface ThirdPartyRecord {
  provider: Pick<KnownProvider, 'name' | 'domains' | 'category'>;
  category: Category;
  /** The page said what it does (section, cell, sentence), or only named it. */
  stated: boolean;
  /** The page lists it with its domains (a third-parties table): nothing of it is cookie-audit's guess. */
  declared?: { purpose?: string };
  /** Only ever named in running text. */
  fromText?: boolean;
}

/** The other cookie whose lifetime this one shares ("same as nc_username", "wie bei _pk_id"), or undefined. */
function sameLifetimeAs(text: string, name: string): string | undefined {
  const other = vocabulary().sameLifetime.exec(text)?.[1];
  return other !== undefined && other.toLowerCase() !== name.toLowerCase() ? other : undefined;
}

export class Extraction {
  readonly cookies: DraftCookie[] = [];
  readonly storage: DraftStorage[] = [];
  readonly forbidden = new Set<Category>();
  readonly review: ReviewNote[] = [];
  private readonly parties: ThirdPartyRecord[] = [];
  /** Services the page says it does not use: never drafted, wherever else they are named. */
  private readonly deniedParties = new Set<string>();
  private headings: Heading[] = [];
  /** Headings below this index belong to an enclosing container and outlive the headings inside it. */
  private floor = 0;
  /** Cookies whose lifetime the page gives as another cookie's ("same as nc_username"), resolved at the end. */
  private readonly sameLifetimes: { cookie: DraftCookie; index: number; other: string }[] = [];

  constructor(readonly known: KnownCookieLookup | undefined) {}

  heading(level: number, text: string): void {
    const v = vocabulary();
    const kept = this.headings.slice(0, this.floor);
    const inside = this.headings.slice(this.floor).filter((h) => h.level < level);
    const unclassified = v.unclassified.test(text);
    const category = unclassified ? 'unclassified' : categoryIn(text);
    const optOut = v.optOut.test(text);
    const cookieSection = category !== undefined || v.cookieSection.test(text);
    const definitions = v.definitions.test(text);
    this.headings = [...kept, ...inside, { level, category, cookieSection, optOut, definitions, provider: undefined }];
    // A heading naming a service ("Google Analytics", "Stripe (Stripe Inc)") in a cookie section says the site uses it.
    if (!optOut && this.inCookieSection && !this.inOptOut && text.length <= 120) {
      const provider = providersIn(text)[0];
      if (provider) {
        this.headings[this.headings.length - 1]!.provider = provider;
        this.thirdParty(provider, this.category, this.category !== undefined);
      }
    }
  }

  /** Headings inside a container (a list item, a <details>) end with it and leave the outer ones standing. */
  scoped<T>(read: () => T): T {
    const saved = { headings: this.headings, floor: this.floor };
    this.floor = this.headings.length;
    try {
      return read();
    } finally {
      this.headings = saved.headings;
      this.floor = saved.floor;
    }
  }

  /**
   * A sentence that gives the category of what follows it ("only necessary cookies", "… sets two essential
   * cookies:"): the section it stands in takes it, unless its heading has one; before any heading, the page.
   */
  leadIn(category: Category): void {
    const last = this.headings[this.headings.length - 1];
    if (last === undefined) {
      this.headings = [{ level: 0, category, cookieSection: true, optOut: false, definitions: false, provider: undefined }];
      return;
    }
    if (last.category !== undefined) return;
    this.headings = [...this.headings.slice(0, -1), { ...last, category, cookieSection: true }];
  }

  /** The list a lead-in heads has ended: what follows is the section's again. */
  endLeadIn(): void {
    if (this.headings[this.headings.length - 1]?.leadIn) this.headings = this.headings.slice(0, -1);
  }

  /** The category of the nearest heading that has one, for a statement about "this" kind of data. */
  get headingCategory(): Category | undefined {
    const category = this.category;
    return category;
  }

  get category(): Category | undefined {
    for (let i = this.headings.length - 1; i >= 0; i--) {
      const category = this.headings[i]?.category;
      if (category === 'unclassified') return undefined;
      if (category !== undefined) return category;
    }
    return undefined;
  }

  get inCookieSection(): boolean {
    return this.headings.some((h) => h.cookieSection);
  }

  /** In a section that defines terms: lines, lists and prose there declare nothing. */
  get inDefinitions(): boolean {
    return this.headings.some((h) => h.definitions);
  }

  get inOptOut(): boolean {
    return this.headings.some((h) => h.optOut);
  }

  /** The service the nearest heading names, if any. */
  get headingProvider(): KnownProvider | undefined {
    for (let i = this.headings.length - 1; i >= 0; i--) {
      const provider = this.headings[i]?.provider;
      if (provider) return provider;
    }
    return undefined;
  }

  /** Statements in running text: forbidden categories, and the third parties the site says it uses. */
  statement(text: string): void {
    const v = vocabulary();
    for (const sentence of sentences(text)) {
      for (const denied of deniedCategories(sentence, this.headingCategory)) this.forbidden.add(denied);
      const only = onlyCategory(sentence);
      if (only !== undefined) {
        this.leadIn(only);
        if (only === 'necessary') for (const c of ['analytics', 'marketing'] as const) this.forbidden.add(c);
      } else {
        // "D-Genies sets two essential cookies:", "Strictly necessary cookies used on this site are:" — a lead-in to what follows.
        const leadIn = /:\s*$/.test(sentence) && /cookie/iu.test(sentence) ? categoriesIn(sentence) : [];
        if (leadIn.length === 1 && deniedCategories(sentence).length === 0) {
          this.headings = [...this.headings, { level: 8, category: leadIn[0]!, cookieSection: true, optOut: false, definitions: false, provider: undefined, leadIn: true }];
        }
      }
      // "We do not use Google Analytics or Hotjar; instead we use Plausible": the services denied are never drafted,
      // and what follows "instead" (in the sentence, or opening the next one) is used.
      const plain = sentence.replace(/’/g, "'");
      const instead = v.insteadCue.exec(plain);
      const denial = instead ? plain.slice(0, instead.index) : plain;
      const negation = v.negation.exec(denial);
      if (negation && !v.condition.test(denial) && !v.hypothetical.test(denial)) {
        for (const provider of providersIn(denial.slice(negation.index))) this.deniedParties.add(provider.name);
      }
      const used = instead ? plain.slice(instead.index) : negation ? '' : plain;
      const providers = providersIn(used);
      if (providers.length === 0 || this.inOptOut) continue;
      // Named in advice on opting out, as a hypothetical or a template's leftover, or run in-house: not used.
      if (v.optOut.test(used) || v.hypothetical.test(used) || v.selfHosted.test(used)) continue;
      // Outside the cookie section (a privacy policy's "Payments"), only a sentence saying the site uses it.
      if (!this.inCookieSection && !v.usage.test(used) && !instead) continue;
      const category = this.category ?? categoryIn(used);
      for (const provider of providers) this.thirdParty(provider, category, category !== undefined, true);
    }
  }

  /** `fromText`: recognised in a sentence, not in a table, a heading or a cookie's row. */
  thirdParty(provider: KnownProvider, category: Category | undefined, stated: boolean, fromText = false): void {
    const existing = this.parties.find((p) => p.provider.name === provider.name);
    if (existing) {
      if (!fromText) existing.fromText = false;
      if (!existing.declared && !existing.stated && stated && category !== undefined) {
        existing.category = category;
        existing.stated = true;
      }
      return;
    }
    this.parties.push({ provider, category: category ?? provider.category, stated: stated && category !== undefined, fromText });
  }

  /** A third party the page lists with its domains: it replaces what the provider list guessed for the same name. */
  declaredThirdParty(party: { name: string; domains: string[]; category?: Category; purpose?: string }): void {
    const category = party.category ?? providersIn(party.name)[0]?.category ?? UNSTATED;
    const record: ThirdPartyRecord = {
      provider: { name: party.name, domains: party.domains, category },
      category,
      stated: true,
      declared: { ...(party.purpose !== undefined && { purpose: party.purpose }) },
    };
    const existing = this.parties.findIndex((p) => p.provider.name === party.name);
    if (existing >= 0) this.parties.splice(existing, 1);
    this.parties.push(record);
  }

  /** Those the page lists with their domains first, in its order; then those recognised by name. */
  private get orderedParties(): ThirdPartyRecord[] {
    const parties = this.parties.filter((p) => !this.deniedParties.has(p.provider.name));
    return [...parties.filter((p) => p.declared), ...parties.filter((p) => !p.declared)];
  }

  get thirdParties(): DraftThirdParty[] {
    return this.orderedParties.map((p) => ({
      name: p.provider.name,
      domains: [...p.provider.domains],
      category: p.category,
      ...(p.declared?.purpose !== undefined && { purpose: p.declared.purpose }),
    }));
  }

  thirdPartyNotes(): ReviewNote[] {
    return this.orderedParties.flatMap((p, i) =>
      p.declared
        ? []
        : [{ path: ['thirdParties', i], note: `domains from cookie-audit's list of known providers${p.stated ? '' : `; category ${p.provider.category} is its usual one, the page names none`}: check them` }],
    );
  }

  has(name: string): boolean {
    return this.cookies.some((c) => c.name === name) || this.storage.some((s) => s.key === name);
  }

  /** One declared item: names with what the page says about them. */
  entry(names: string[], description: string, hints: EntryHints = {}): void {
    const fromDescription = providersIn(`${hints.provider ?? ''} ${description}`);
    const section = this.category;
    const expires = hints.expires === null ? undefined : (hints.expires ?? lifetimeIn(description));
    const type = hints.type ?? storageTypeIn(description.replace(/\bcookies?\b/gi, ''));
    const purpose = hints.purpose !== undefined ? hints.purpose || undefined : purposeOf(description);
    for (const name of names) {
      if (this.has(name)) continue;
      const known = this.known?.(name);
      const knownProvider = hints.knownProvider ?? fromDescription[0] ?? this.headingProvider;
      const notes: string[] = hints.fromProse ? ['read from a sentence, not a list or table: check the name and what the sentence says of it'] : [];
      let category = hints.category ?? section;
      if (category === undefined && known) {
        category = known.category;
        notes.push(`category ${known.category} from the known-cookie database (${known.vendor}); the page states none`);
      }
      if (category === undefined) {
        const guessed = purposeCategory(description) ?? hints.sentenceCategory ?? categoryIn(description);
        if (guessed) notes.push(`category ${guessed} guessed from the description`);
        else notes.push(`the page states no category: set to ${UNSTATED}, which needs consent; review`);
        category = guessed ?? UNSTATED;
      }
      for (const provider of [...new Set([knownProvider, ...fromDescription].filter((p): p is KnownProvider => p !== undefined))]) {
        this.thirdParty(provider, category, hints.category !== undefined || section !== undefined);
      }
      if (type !== undefined && type !== 'cookie' && type !== 'pixel') {
        this.storage.push({ key: name, type, category, ...(purpose !== undefined && { purpose }) });
        if (notes.length > 0) this.review.push({ path: ['storage', this.storage.length - 1], note: notes.join('; ') });
        continue;
      }
      // Only what the page says: the databases' vendor is a guess the audit makes anyway (classification).
      const provider = hints.provider !== undefined && hints.provider !== '' ? hints.provider : fromDescription[0]?.name;
      this.cookies.push({
        name,
        category,
        ...(expires !== undefined && { expires }),
        ...(provider !== undefined && { provider }),
        ...(purpose !== undefined && { purpose }),
      });
      const other = expires === undefined ? sameLifetimeAs(`${hints.lifetimeText ?? ''}\n${description}`, name) : undefined;
      if (other !== undefined) this.sameLifetimes.push({ cookie: this.cookies[this.cookies.length - 1]!, index: this.cookies.length - 1, other });
      else if (expires === undefined) notes.push('the page states no lifetime');
      if (notes.length > 0) this.review.push({ path: ['cookies', this.cookies.length - 1], note: notes.join('; ') });
    }
  }

  /**
   * Lifetimes given as another cookie's ("Same as nc_username") once every cookie is read: the other one
   * may come later on the page. A name the page does not declare with a lifetime leaves the lifetime unstated.
   */
  resolveSameLifetimes(): void {
    for (const { cookie, index, other } of this.sameLifetimes) {
      const source = this.cookies.find((c) => c !== cookie && c.name.toLowerCase() === other.toLowerCase());
      const note =
        source === undefined
          ? 'the page states no lifetime'
          : source.expires !== undefined
            ? `lifetime as the page gives it: the same as ${source.name}`
            : `the page gives its lifetime as that of ${source.name}, which it does not state`;
      if (source?.expires !== undefined) cookie.expires = source.expires;
      const existing = this.review.find((r) => r.path[0] === 'cookies' && r.path[1] === index);
      if (existing) existing.note = `${existing.note}; ${note}`;
      else this.review.push({ path: ['cookies', index], note });
    }
  }

  /**
   * Forbidden categories the page itself contradicts are no statement of policy: a page that declares
   * an advertising cookie has not forbidden advertising ("we do not use Google Analytics" is not "no analytics").
   */
  forbiddenCategories(): Category[] {
    // A service named only in running text (a privacy notice's processors) does not outweigh a plain denial.
    const inUse = new Set<Category>([...this.cookies.map((c) => c.category), ...this.storage.map((s) => s.category), ...this.parties.filter((p) => p.stated && !p.fromText).map((p) => p.category)]);
    return [...this.forbidden].filter((c) => !inUse.has(c));
  }
}
