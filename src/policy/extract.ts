/**
 * Drafting a manifest from a published, human-written cookie policy page, read as a careful person reads
 * it: the cookie tables people write and the declarations consent platforms generate (read by what each
 * column means), definition lists, "name — what it does — how long" lines, label/value records, and names
 * in running text, each in document order under the section headings that give their category; the third
 * parties the site says it uses (not the ones it names in opt-out advice or as a hypothetical); statements
 * such as "we do not use advertising cookies" (the category becomes forbidden); and the consent banner's
 * accept/reject buttons when the page carries one with ids. Headings, column names, category words and
 * lifetimes are read in the ten languages of rules/policy-vocabulary.json.
 *
 * Pure: HTML text in, a draft out. Fetching the page is the caller's business (a file, or a browser so
 * that --resolve and certificate options apply), and so are the known-cookie databases (a lookup passed
 * in). The draft is a starting point for a person; every guess is listed in `review` so the YAML can say
 * so next to the entry. The readers live in policy/extract/, one per page shape.
 */
import { parse } from 'parse5';
import { Document as YamlDocument, type Node as YamlNode } from 'yaml';
import { Extraction, type DraftManifest, type KnownCookieLookup, type ReviewNote } from './extract/draft.js';
import { dropHidden, findAll } from './extract/html.js';
import { consentButtons, siteName } from './extract/page.js';
import { PolicyWalk } from './extract/walk.js';
import { CATEGORIES } from './types.js';

export type { DraftCookie, DraftManifest, DraftStorage, DraftThirdParty, KnownCookieFacts, KnownCookieLookup, ReviewNote } from './extract/draft.js';
export { cookieName } from './extract/names.js';
export { categoryIn, forbiddenCategory, lifetimeIn } from './extract/phrases.js';

export interface ExtractResult {
  manifest: DraftManifest;
  review: ReviewNote[];
}

export interface ExtractOptions {
  /** The known-cookie databases: names in prose they know are cookies, and they give a category the page does not. */
  known?: KnownCookieLookup;
}

export function extractPolicy(html: string, options: ExtractOptions = {}): ExtractResult {
  const document = parse(html);
  dropHidden(document);
  const x = new Extraction(options.known);
  const body = findAll(document, (e) => e.tagName === 'body')[0] ?? document;
  new PolicyWalk(x).read(body);
  x.resolveSameLifetimes();

  const site = siteName(document);
  const buttons = consentButtons(document);
  const review = [...x.review, ...x.thirdPartyNotes()];
  if (buttons.accept || buttons.reject) review.push({ path: ['consent', buttons.accept ? 'accept' : 'reject'], note: "selectors of the consent banner's buttons found on the page: check them" });
  const forbidden = x.forbiddenCategories();
  const categories: DraftManifest['categories'] = {};
  for (const category of CATEGORIES) if (forbidden.includes(category)) categories[category] = 'forbidden';
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
