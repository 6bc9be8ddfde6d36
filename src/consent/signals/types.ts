/**
 * The consent signals a site sends to vendors, read in each phase on the start page (after the phase's
 * choice and the reload): the IAB TCF string and Google Consent Mode's state. Plain JSON, written to
 * report.json as is (PhaseEvidence.signals) and judged by the audit rules.
 */

export interface ConsentSignals {
  /** The page they were read on (the start page, after consent and the reload in reject and accept). */
  page: string;
  tcf: TcfSignals;
  consentMode: ConsentModeSignals;
}

/** IAB Transparency and Consent Framework v2.2. */
export interface TcfSignals {
  /** The CMP API's answer (`__tcfapi('addEventListener')`, else `getTCData`); null when no CMP API answered, in the page or through a `__tcfapiLocator` frame. */
  api: TcfApiAnswer | null;
  /** Every distinct TC string found, with where it was found and what it says. */
  strings: TcString[];
}

export interface TcfApiAnswer {
  /** 'page': `window.__tcfapi` of the page; 'frame': a `__tcfapiLocator` frame answering postMessage calls. */
  via: 'page' | 'frame';
  cmpId: number | null;
  cmpVersion: number | null;
  tcfPolicyVersion: number | null;
  /** Whether the CMP says GDPR applies to the visitor; null when it does not say. */
  gdprApplies: boolean | null;
  /** 'loaded', 'stub', 'error', …; null when absent. */
  cmpStatus: string | null;
  /** 'tcloaded', 'cmpuishown', 'useractioncomplete'; null when absent. */
  eventStatus: string | null;
}

export interface TcString {
  value: string;
  /** Where it was found: 'api' (the CMP API's tcString), 'cookie <name>', 'localStorage <key>'; sorted. */
  foundIn: string[];
  /** What it says, decoded with the IAB Tech Lab's @iabtechlabtcf/core; absent when it could not be decoded. */
  decoded?: DecodedTcString;
  /** Why it could not be decoded. */
  error?: string;
}

/** A TC string's core segment (and publisher TC segment), decoded. Purpose, feature and vendor ids ascending. */
export interface DecodedTcString {
  version: number;
  cmpId: number;
  cmpVersion: number;
  policyVersion: number;
  isServiceSpecific: boolean;
  /** ISO-8601 dates (TCF v2.2 keeps day precision). */
  created: string | null;
  lastUpdated: string | null;
  vendorListVersion: number;
  consentLanguage: string;
  publisherCountryCode: string;
  purposeConsents: number[];
  purposeLegitimateInterests: number[];
  specialFeatureOptins: number[];
  vendorConsents: number[];
  vendorLegitimateInterests: number[];
  /** The publisher's own purposes (publisher TC segment); empty when absent. */
  publisherConsents: number[];
  publisherLegitimateInterests: number[];
  publisherRestrictions: PublisherRestriction[];
}

export interface PublisherRestriction {
  purpose: number;
  restriction: 'not-allowed' | 'require-consent' | 'require-legitimate-interest';
  vendors: number[];
}

/** Google Consent Mode v2. */
export interface ConsentModeSignals {
  /** `consent` commands pushed to `dataLayer` (gtag('consent', …)) by the start page's document, in order. */
  commands: ConsentModeCommand[];
  /** Requests of that document to Google's tag endpoints that carried gcs or gcd, in order, de-duplicated. */
  hits: ConsentModeHit[];
}

export type ConsentState = 'granted' | 'denied';

export interface ConsentModeCommand {
  command: 'default' | 'update';
  /** Consent types as given: ad_storage, analytics_storage, ad_user_data, ad_personalization, and any other. */
  state: Record<string, ConsentState>;
  /** ISO 3166-2 regions the command is limited to; absent: everywhere. */
  region?: string[];
}

export interface ConsentModeHit {
  /** Host and path (no query). */
  url: string;
  /** `G1` + ad_storage + analytics_storage, 1 granted and 0 denied. */
  gcs?: string;
  /** Default and update state of the four v2 types, letter-coded. */
  gcd?: string;
  /** The state they say, per consent type (decoded from gcs and gcd); types they leave unset are absent. */
  state: Record<string, ConsentState>;
}
