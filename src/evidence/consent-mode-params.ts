/**
 * The Google Consent Mode parameters of a Google tag request (GA4 collection, Google Ads, DoubleClick,
 * the tag manager, a server-side tagging endpoint): `gcs` and `gcd`, as Google's tags write them. They are
 * kept even when query strings are stripped, because they say what consent the tag was given, and nothing
 * else of the query is kept with them.
 *
 * - `gcs` = `G1` + ad_storage + analytics_storage, each `1` granted or `0` denied (Google, "Consent mode
 *   reference"; `G100` all denied, `G111` all granted).
 * - `gcd` = two digits, then for ad_storage, analytics_storage, ad_user_data and ad_personalization in that
 *   order a letter for its default and update state, each followed by a digit (`11p1p1p1p5`). Letters:
 *   l not set; p default denied; t default granted; m update denied; n update granted; q denied then
 *   denied; r denied then granted; u granted then denied; v granted then granted.
 */

export type ConsentStateValue = 'granted' | 'denied';

export interface ConsentModeParams {
  gcs?: string;
  gcd?: string;
  /** What they say per consent type (the update wins over the default); unset types are absent. */
  state: Record<string, ConsentStateValue>;
}

const GCS = /^G1([01])([01])$/;
const GCD = /^\d{2}([a-z])\d([a-z])\d([a-z])\d([a-z])\d$/;
const GCD_TYPES = ['ad_storage', 'analytics_storage', 'ad_user_data', 'ad_personalization'] as const;
/** The state each gcd letter ends in (the update when there is one, else the default). */
const GCD_LETTERS: Readonly<Record<string, ConsentStateValue | null>> = {
  l: null,
  p: 'denied',
  t: 'granted',
  m: 'denied',
  n: 'granted',
  q: 'denied',
  r: 'granted',
  u: 'denied',
  v: 'granted',
};

/** The consent-mode parameters of a request URL, or undefined when it carries neither (or only malformed ones). */
export function consentModeParams(url: string): ConsentModeParams | undefined {
  let query: URLSearchParams;
  try {
    query = new URL(url).searchParams;
  } catch {
    return undefined;
  }
  return decodeConsentModeParams(query.get('gcs'), query.get('gcd'));
}

export function decodeConsentModeParams(gcs: string | null | undefined, gcd: string | null | undefined): ConsentModeParams | undefined {
  const state: Record<string, ConsentStateValue> = {};
  const result: ConsentModeParams = { state };
  const gcdMatch = gcd ? GCD.exec(gcd) : null;
  if (gcd && gcdMatch && gcdMatch.slice(1).every((letter) => letter in GCD_LETTERS)) {
    result.gcd = gcd;
    GCD_TYPES.forEach((type, i) => {
      const value = GCD_LETTERS[gcdMatch[i + 1]!];
      if (value) state[type] = value;
    });
  }
  const gcsMatch = gcs ? GCS.exec(gcs) : null;
  if (gcs && gcsMatch) {
    result.gcs = gcs;
    // gcs is the state the hit was sent under: it wins for the two types it carries.
    state['ad_storage'] = gcsMatch[1] === '1' ? 'granted' : 'denied';
    state['analytics_storage'] = gcsMatch[2] === '1' ? 'granted' : 'denied';
  }
  if (result.gcs === undefined && result.gcd === undefined) return undefined;
  return result;
}
