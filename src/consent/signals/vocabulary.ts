/** rules/consent-signals.json: the names and lists the consent signals are read and judged with, read once per process. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulesDir } from '../../package-info.js';

export type SignalCategory = 'necessary' | 'functional' | 'analytics' | 'marketing';

export interface SignalVocabulary {
  tcf: {
    /** IAB purpose names by id ("1" … "11"). */
    purposes: Record<string, string>;
    specialFeatures: Record<string, string>;
    /** Purposes TCF v2.2 allows on consent only (3 to 6: profiles for ads and content). */
    noLegitimateInterest: number[];
    /** Cookie names and localStorage keys CMPs keep the TC string in. */
    cookies: string[];
    localStorage: string[];
  };
  consentMode: {
    /** Consent Mode type → the consent category it needs. */
    types: Record<string, SignalCategory>;
    /** Registrable domains (and hosts) of Google's tags: requests there are Google tags firing. */
    googleTagHosts: string[];
  };
}

let loaded: SignalVocabulary | undefined;

export function signalVocabulary(): SignalVocabulary {
  loaded ??= JSON.parse(readFileSync(join(rulesDir, 'consent-signals.json'), 'utf8')) as SignalVocabulary;
  return loaded;
}

/** "3 Create profiles for personalised advertising", or "purpose 12" for an id the list does not name. */
export function purposeName(id: number): string {
  const name = signalVocabulary().tcf.purposes[String(id)];
  return name === undefined ? `purpose ${id}` : `${id} ${name}`;
}

export function specialFeatureName(id: number): string {
  const name = signalVocabulary().tcf.specialFeatures[String(id)];
  return name === undefined ? `special feature ${id}` : `${id} ${name}`;
}

/** A host that serves Google's tags (the host itself or a subdomain of a listed one). */
export function isGoogleTagHost(host: string): boolean {
  const h = host.toLowerCase();
  return signalVocabulary().consentMode.googleTagHosts.some((g) => h === g || h.endsWith(`.${g}`));
}
