/**
 * How findings name what they are about: the `item` of a finding and the words messages start with.
 * Kept in one place so every rule says `Cookie "_ga" (.demo.test)` the same way.
 */
import type { CookieObservation, StorageObservation, StorageType } from '../evidence/types.js';
import type { Category } from '../policy/types.js';
import type { FindingItem } from './types.js';

export function cookieItem(cookie: CookieObservation): FindingItem {
  return { type: 'cookie', name: cookie.name, domain: cookie.domain };
}

export function storageItem(entry: StorageObservation): FindingItem {
  return { type: 'storage', name: entry.key, domain: entry.origin, storageType: entry.type };
}

/** What a label needs to name who wrote an item and where: both optional, as evidence may lack them. */
interface Attribution {
  setBy?: { kind: string; url: string };
  firstSeenPage?: string;
}

/**
 * `set by https://connect.facebook.net/en_US/fbevents.js on /pricing`: what a developer needs to find the
 * code to change. The page is shown as its path when it is on the item's own host (the usual first-party
 * case), else as the full URL.
 */
export function setterPhrase(item: Attribution, itemHost: string, verb = 'set'): string {
  const setBy = item.setBy;
  if (setBy === undefined) return '';
  const who = setBy.kind === 'header' ? `the Set-Cookie header of ${setBy.url}` : setBy.url;
  return `${verb} by ${who}${item.firstSeenPage ? ` on ${pageText(item.firstSeenPage, itemHost)}` : ''}`;
}

function pageText(page: string, itemHost: string): string {
  try {
    const url = new URL(page);
    const host = itemHost.replace(/^\./, '').toLowerCase();
    const sameHost = url.hostname === host || url.hostname.endsWith(`.${host}`);
    return sameHost ? `${url.pathname}${url.search}` : page;
  } catch {
    return page;
  }
}

/** `Cookie "_ga" (.demo.test)`, and with a known setter `Cookie "_ga" (.demo.test), set by https://… on /,` */
export function cookieLabel(cookie: { name: string; domain: string } & Attribution): string {
  const base = `Cookie "${cookie.name}" (${cookie.domain})`;
  const setter = setterPhrase(cookie, cookie.domain);
  return setter === '' ? base : `${base}, ${setter},`;
}

const STORAGE_NOUN: Record<StorageType, string> = {
  localStorage: 'localStorage key',
  sessionStorage: 'sessionStorage key',
  indexedDB: 'IndexedDB database',
};

/** `localStorage key "cart" (https://demo.test)`, and with a known writer `…, written by https://… on /,` */
export function storageLabel(entry: { type: StorageType; key: string; origin: string } & Attribution): string {
  const base = `${STORAGE_NOUN[entry.type]} "${entry.key}" (${entry.origin})`;
  let host = '';
  try {
    host = new URL(entry.origin).hostname;
  } catch {
    host = '';
  }
  const setter = setterPhrase(entry, host, 'written');
  return setter === '' ? base : `${base}, ${setter},`;
}

/** "strictly necessary" for the usual ['necessary'], otherwise the categories listed ("necessary or functional"). */
export function allowedCategoriesPhrase(categories: readonly Category[]): string {
  if (categories.length === 0) return 'allowed before consent (the policy allows no category before consent)';
  if (categories.length === 1 && categories[0] === 'necessary') return 'strictly necessary';
  return categories.join(' or ');
}

/** Rule evidence holds JSON scalars only; a setter becomes "header https://…" / "script https://…". */
export function setterEvidence(cookie: { setBy?: { kind: string; url: string } }): Record<string, string> {
  return cookie.setBy === undefined ? {} : { setBy: `${cookie.setBy.kind} ${cookie.setBy.url}` };
}
