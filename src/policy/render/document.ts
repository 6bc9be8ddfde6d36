/**
 * The cookie policy a manifest describes, as a person reads it: one section per category (cookies with
 * provider, purpose, lifetime and party; storage entries), the categories the site does not use, and the
 * third parties with their domains. Pure: the same manifest always gives the same document; the Markdown
 * and HTML writers (markdown.ts, html.ts) only lay it out.
 */
import { formatDuration, parseDuration } from '../duration.js';
import type { Category, PolicyManifest } from '../types.js';
import { CATEGORIES } from '../types.js';

export interface PolicyCookieRow {
  name: string;
  provider: string;
  purpose: string;
  lifetime: string;
  party: 'First party' | 'Third party';
}
export interface PolicyStorageRow {
  key: string;
  type: string;
  purpose: string;
}
export interface PolicySection {
  category: Category;
  title: string;
  /** When the category's items are set: before the visitor chooses, or only with consent. */
  description: string;
  cookies: PolicyCookieRow[];
  storage: PolicyStorageRow[];
  /** "We do not use marketing cookies." when the manifest forbids the category. */
  forbidden: boolean;
}
export interface PolicyThirdPartyRow {
  name: string;
  domains: string;
  category: string;
  purpose: string;
}
export interface PolicyDocument {
  site?: string;
  sections: PolicySection[];
  thirdParties: PolicyThirdPartyRow[];
}

export const CATEGORY_TITLES: Readonly<Record<Category, string>> = {
  necessary: 'Strictly necessary',
  functional: 'Functional',
  analytics: 'Analytics',
  marketing: 'Marketing',
};

const WHAT_FOR: Readonly<Record<Category, string>> = {
  necessary: 'These are needed for the site to work: signing in, security, the basket, remembering your cookie choices.',
  functional: 'These remember choices you make, so that the site works the way you set it up.',
  analytics: 'These help us understand how the site is used, so that we can improve it.',
  marketing: 'These are used to show advertising and to measure whether it works.',
};

const STORAGE_TYPES: Readonly<Record<string, string>> = { localStorage: 'Local storage', sessionStorage: 'Session storage', indexedDB: 'IndexedDB' };

export function policyDocument(manifest: PolicyManifest): PolicyDocument {
  const thirdPartyNames = new Set(manifest.thirdParties.map((t) => t.name.toLowerCase()));
  const sections: PolicySection[] = [];
  for (const category of CATEGORIES) {
    const cookies = manifest.cookies.filter((c) => c.category === category);
    const storage = manifest.storage.filter((s) => s.category === category);
    const forbidden = manifest.categories[category] === 'forbidden';
    if (cookies.length === 0 && storage.length === 0 && !forbidden) continue;
    const when = manifest.consent.beforeConsent.includes(category) ? 'They are set as soon as you arrive.' : 'They are set only after you agree to them.';
    sections.push({
      category,
      title: `${CATEGORY_TITLES[category]} cookies`,
      description: forbidden && cookies.length === 0 && storage.length === 0 ? '' : `${WHAT_FOR[category]} ${when}`,
      cookies: cookies.map((c) => ({
        name: c.name,
        provider: c.provider ?? '',
        purpose: c.purpose ?? '',
        // "30d" as a person writes it: "30 days"; the loader has already checked the grammar.
        lifetime: c.expires === undefined ? '' : formatDuration(parseDuration(c.expires)),
        party: (c.provider !== undefined && thirdPartyNames.has(c.provider.toLowerCase())) || c.domain !== undefined ? 'Third party' : 'First party',
      })),
      storage: storage.map((s) => ({ key: s.key, type: STORAGE_TYPES[s.type] ?? s.type, purpose: s.purpose ?? '' })),
      forbidden,
    });
  }
  return {
    ...(manifest.site !== undefined && { site: manifest.site }),
    sections,
    thirdParties: manifest.thirdParties.map((t) => ({
      name: t.name,
      domains: t.domains.join(', '),
      category: CATEGORY_TITLES[t.category],
      purpose: t.purpose ?? '',
    })),
  };
}

export const forbiddenSentence = (category: Category) => `We do not use ${CATEGORY_TITLES[category].toLowerCase()} cookies.`;
export const introSentence = (site: string | undefined) =>
  `This page lists the cookies and other data ${site ?? 'this site'} keeps in your browser, grouped by what they are for, and the other companies whose services the site uses.`;
