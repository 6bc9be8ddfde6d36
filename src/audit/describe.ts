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

/** `Cookie "_ga" (.demo.test)` */
export function cookieLabel(cookie: { name: string; domain: string }): string {
  return `Cookie "${cookie.name}" (${cookie.domain})`;
}

const STORAGE_NOUN: Record<StorageType, string> = {
  localStorage: 'localStorage key',
  sessionStorage: 'sessionStorage key',
  indexedDB: 'IndexedDB database',
};

/** `localStorage key "cart" (https://demo.test)` */
export function storageLabel(entry: { type: StorageType; key: string; origin: string }): string {
  return `${STORAGE_NOUN[entry.type]} "${entry.key}" (${entry.origin})`;
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
