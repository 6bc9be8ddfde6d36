/**
 * What a crawl observed. Produced by crawl/ + evidence/ capture, read by audit/ and report/.
 * Everything here is plain JSON (no Dates, no Maps) so it can be written to report.json as is.
 */

import type { ConsentSignals } from '../consent/signals/types.js';
import type { BannerEvidence, BannerSearch, ConsentClick, ReopenControl } from '../consent/types.js';

/** A consent phase: each runs in its own clean browser context. */
export type Phase = 'pre' | 'reject' | 'accept' | 'gpc';
export const PHASES: readonly Phase[] = ['pre', 'reject', 'accept', 'gpc'];

export type Party = 'first' | 'third';
export type SameSite = 'Strict' | 'Lax' | 'None';
export type StorageType = 'localStorage' | 'sessionStorage' | 'indexedDB';

/** The manifest's consent categories (policy/types.ts Category; spelled out here so evidence needs no policy import). */
export type ConsentCategory = 'necessary' | 'functional' | 'analytics' | 'marketing';

/**
 * Filled by classification (knowledge stage): the category a cookie or storage entry is audited under,
 * and where it came from — the manifest's declaration, the known-cookie database, the tracker list
 * (the cookie's domain or the storage's origin is a known tracker), or nowhere (category null).
 */
export interface ItemClassification {
  category: ConsentCategory | null;
  source: 'manifest' | 'database' | 'tracker-list' | 'unknown';
  /** Who the databases say sets it (known-cookie vendor, else tracker organisation), whatever the source of the category. */
  vendor?: string;
}

/** Who wrote a cookie or storage entry. */
export interface Setter {
  /** 'header': a Set-Cookie response header; 'script': document.cookie / cookieStore / storage API. */
  kind: 'header' | 'script';
  /** The response URL (header) or the script URL from the write's stack trace (script); query string stripped. */
  url: string;
}

export interface CookieObservation {
  name: string;
  /** As the browser stores it: a leading dot means a domain cookie. */
  domain: string;
  path: string;
  /** Stored expiry as an ISO-8601 date, or null for a session cookie. */
  expires: string | null;
  /** Stored lifetime in seconds, measured from when the cookie was observed; null for a session cookie. */
  lifetimeSeconds: number | null;
  /**
   * Lifetime the site asked for (Set-Cookie Max-Age/Expires or the document.cookie write), in seconds;
   * null = asked for a session cookie; absent = the request was not seen. Chromium caps stored lifetimes at 400 days.
   */
  requestedLifetimeSeconds?: number | null;
  httpOnly: boolean;
  secure: boolean;
  sameSite: SameSite;
  /** First- or third-party relative to the scanned site's registrable domain. */
  party: Party;
  /** name.length + value.length, as browsers count a cookie's size. */
  size: number;
  /** Short SHA-256 of the value; values never leave the process unless includeValues is set. */
  valueHash: string;
  /** Only with --include-values. */
  value?: string;
  /** The page URL on which this cookie was first seen in this phase. */
  firstSeenPage: string;
  setBy?: Setter;
  classification?: ItemClassification;
  /**
   * Imported evidence only: facts of this cookie the record could not show, so the fields standing for them
   * are placeholders no rule judges ('lifetime': expires, lifetimeSeconds; 'flags': secure, httpOnly,
   * sameSite; 'domain': domain and path as the site set them; 'size': size). Absent: all observed.
   */
  unknown?: CookieFact[];
}

/** Facts of a cookie an imported record may lack (see CookieObservation.unknown). */
export type CookieFact = 'lifetime' | 'flags' | 'domain' | 'size';

export interface StorageObservation {
  type: StorageType;
  /** Storage key; for indexedDB, the database name. */
  key: string;
  /** Origin of the frame that owns the entry. */
  origin: string;
  party: Party;
  /** The top-level page URL on which this entry was first seen in this phase. */
  firstSeenPage: string;
  /** URL of the frame whose storage holds the entry. */
  frameUrl: string;
  /** Size of the value in characters (0 for indexedDB). */
  size: number;
  valueHash?: string;
  value?: string;
  setBy?: Setter;
  classification?: ItemClassification;
}

/** A page that could not be visited or loaded properly. An error is a value, never a crash of the scan. */
export interface PageError {
  url: string;
  phase: Phase;
  /**
   * 'login': signing in (the manifest's login block) failed, so no phase could audit the signed-in site.
   * 'not-a-page': the URL starts a download or redirects where a web page may not go (a file: URL):
   * there is nothing to audit there, which leaves a hole only when it is a start URL.
   * 'unanswered': a frame never answered a read of the evidence (what it stores; a page, its links) — its
   * script never yields: what it holds is not in the report, a hole in the audit.
   */
  kind: 'navigation' | 'timeout' | 'http-status' | 'not-a-page' | 'consent' | 'capture' | 'browser' | 'login' | 'unanswered';
  message: string;
}

export interface PageVisit {
  url: string;
  finalUrl?: string;
  status?: number;
  ok: boolean;
}

export interface ConsentAttempt {
  /** 'reject' or 'accept' (what was asked of the banner). */
  action: 'reject' | 'accept';
  /**
   * How consent was given: 'selector' the manifest's selector or click sequence; 'autoconsent' the rule of
   * the detected consent platform (DuckDuckGo autoconsent); 'heuristic' cookie-audit's own search for a banner
   * and its controls by their words; 'none' no banner could be found or operated.
   */
  method: 'selector' | 'autoconsent' | 'heuristic' | 'none';
  selector?: string;
  /**
   * The consent platform autoconsent recognised (its rule name: "Klaro", "cookieconsent3", …), null when it
   * recognised none; absent when the manifest's selectors were used instead.
   */
  platform?: string | null;
  succeeded: boolean;
  /** Each thing tried, in order, with what happened. */
  tried?: string[];
  /** The banner was still (or again) shown after consent was given: after the click, or after the reload. */
  bannerShownAfterConsent?: boolean;
  /** The platform's own check that the refusal was stored (autoconsent self-test; opt-out only). */
  selfTest?: boolean;
  /** PNG file names, beside report.json: the page with the banner before the click, after it, and the banner outlined. */
  screenshots?: ConsentScreenshots;
  /**
   * A banner was seen, in this phase or when the pre phase looked for it, whether or not it could be
   * operated: with `succeeded` false, the phase could not give the visitor's answer (the audit is incomplete).
   */
  bannerSeen?: boolean;
  /** The banner as it was before anything was clicked (heuristic, or what the heuristic saw of a platform's banner). */
  banner?: BannerEvidence;
  /** Every click made to give this answer, in order (toggles switched off included); absent when unknown (autoconsent). */
  clicks?: ConsentClick[];
  /** Reject phase: the banner offers no way to refuse (only accept, OK or close); the banner was left as it was. */
  refusal?: 'impossible';
  /** After consent: a way to reopen the choices that stays on the page; null when none was found; absent when not looked for. */
  reopen?: ReopenControl | null;
  /** What was tried and what happened, in words. */
  note: string;
}

export interface ConsentScreenshots {
  before?: string;
  after?: string;
  /** The banner as it opened, each first-layer control outlined and labelled with its role. */
  outlined?: string;
}

/** A network request the site made, de-duplicated per phase by URL (query stripped), method and resource type. */
export interface RequestObservation {
  /** Query string and fragment stripped unless the user asked to keep them (they carry identifiers). */
  url: string;
  method: string;
  /** Playwright's resource type: document, script, image, xhr, fetch, ping, … */
  resourceType: string;
  /** URL of the frame that made the request (query stripped). */
  frameUrl: string;
  party: Party;
  /** The top-level page URL on which this request was first made in this phase. */
  firstSeenPage: string;
  /** How many times it was made in this phase. */
  count: number;
  /** Filled by classification (knowledge stage): who runs the host and what for. */
  tracker?: { organisation: string; category: string; source: string };
  /**
   * The Google Consent Mode parameters it carried (gcs, gcd; kept even when the query is stripped) and the
   * consent state they say per type; absent when it carried none. Requests differing only here are kept apart.
   */
  consentMode?: { gcs?: string; gcd?: string; state: Record<string, 'granted' | 'denied'> };
}

export interface PhaseEvidence {
  phase: Phase;
  /** 'skipped': not run (see skipReason); 'failed': no page of the phase could be loaded. */
  status: 'completed' | 'skipped' | 'failed';
  skipReason?: string;
  pages: PageVisit[];
  /** Sorted by name, domain, path. */
  cookies: CookieObservation[];
  /** Sorted by type, origin, key. */
  storage: StorageObservation[];
  /** Sorted by url, method, resourceType. */
  requests: RequestObservation[];
  consent?: ConsentAttempt;
  /** Pre phase: what the look for the site's banner found, without clicking (when consent phases ran beside it). */
  bannerSearch?: BannerSearch;
  /** The consent signals read on the start page (TCF string, Google Consent Mode); absent when not read (skipped or failed phases). */
  signals?: ConsentSignals;
  errors: PageError[];
  /** How long each step of the phase took: a measurement, different on every run, never part of a finding. */
  timings?: PhaseTimings;
  /** --evidence: the phase's traffic record (HAR 1.2), beside report.json; absent when none was recorded. */
  traffic?: TrafficRecord;
}

/** A HAR 1.2 file of everything the phase's browser context sent and received, secrets taken out. */
export interface TrafficRecord {
  /** File name beside report.json: `<site-slug>-<phase>.har`. */
  file: string;
  /** Requests it holds. */
  entries: number;
  /** Response bodies kept (--evidence-bodies). */
  bodies: boolean;
}

/**
 * The steps of a phase, in the order they happen. Steps of pages loading at once overlap, so their sum
 * may exceed `total`; `sitemaps` runs in a context of its own beside the start page.
 */
export const PHASE_STEPS = [
  'context',
  'load',
  'quiet',
  'look',
  'consent',
  'screenshots',
  'reload',
  'capture',
  'signals',
  'links',
  'sitemaps',
  'tabs',
  'settle',
  'close',
  'traffic',
] as const;
export type PhaseStep = (typeof PHASE_STEPS)[number];

/** Milliseconds per step (summed over the phase's pages), and the phase's whole time as `total`. */
export type PhaseTimings = { [K in PhaseStep]?: number } & { total: number };

export interface SiteEvidence {
  /** The start URL as the user gave it (normalised). */
  url: string;
  /** Every start URL the user gave for this site, `url` first: pages the audit was asked to see. */
  startPages: string[];
  /** Registrable domain used to decide first/third party. */
  siteDomain: string;
  /** True when the start URL is https: cookies without Secure are then findings. */
  https: boolean;
  /** 'ok': at least one page loaded in some phase; 'unreachable': nothing could be loaded. */
  status: 'ok' | 'unreachable';
  phases: PhaseEvidence[];
  /** What was scanned again and why (the browser died mid-scan); absent when nothing was retried. */
  retries?: string[];
  /** `cookie-audit import`: read from a record made elsewhere, not observed by cookie-audit's browser. */
  imported?: ImportedEvidence;
}

/** Where imported evidence came from, and what such a record cannot hold (the report states none of it). */
export interface ImportedEvidence {
  format: 'har' | 'wec';
  /** The HAR file or WEC output folder, as given. */
  file: string;
  /** What made the record, as it says (HAR log.creator, WEC's script name and version). */
  creator?: string;
  /** Facts such evidence cannot hold, one sentence each. */
  cannotKnow: string[];
}
