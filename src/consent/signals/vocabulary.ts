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
    /** Google's tags that read Consent Mode: a host (and its subdomains), with the paths that are tags when not all are. */
    googleTags: { host: string; paths?: string[] }[];
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

/** A request to one of Google's tags that read Consent Mode (the Google tag, GA4, Google Ads, DoubleClick). */
export function isGoogleTagRequest(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  return signalVocabulary().consentMode.googleTags.some(
    (tag) => (host === tag.host || host.endsWith(`.${tag.host}`)) && (tag.paths === undefined || tag.paths.some((p) => parsed.pathname.startsWith(p))),
  );
}
