import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse as parseHost, getDomain } from 'tldts';
import { DURATION_PATTERN, parseDuration } from '../../src/policy/duration.js';
import { globToRegExp } from '../../src/policy/glob.js';
import { CATEGORIES } from '../../src/policy/types.js';

/**
 * The knowledge data in rules/ is only worth something if it is valid, big enough and unambiguous:
 * a cookie name must never be claimed by two vendors, or the audit would blame the wrong one.
 */

interface KnownCookie {
  pattern: string;
  match: 'exact' | 'prefix' | 'glob';
  vendor: string;
  category: string;
  lifetime?: string;
  purpose: string;
  reference: string;
  domains?: string[];
}
interface Tracker {
  domain: string;
  organisation: string;
  category: string;
  vendor?: string;
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const cookieData = readJson('../../rules/known-cookies.json') as { entries: KnownCookie[] };
const trackerData = readJson('../../rules/trackers.json') as { entries: Tracker[] };
const cookieSchema = readJson('../../rules/known-cookies.schema.json') as Record<string, unknown>;
const trackerSchema = readJson('../../rules/trackers.schema.json') as Record<string, unknown>;
const cookies = cookieData.entries;
const trackers = trackerData.entries;

const label = (e: KnownCookie): string =>
  `${e.pattern} (${e.match}, ${e.vendor}${e.domains ? ` on ${e.domains.join(', ')}` : ''})`;

// ---------------------------------------------------------------------------------------------
// Pattern overlap, decided exactly rather than by sampling.
//
// Every pattern is a sequence of tokens: a literal character, `?` (one character) or `*` (any run).
// Two such patterns match a common name iff a walk through both reaches both ends; the walk below
// also builds that common name, so a failure can show it. Literals are compared case-insensitively:
// stricter than the case-sensitive matcher, so a loader that folds case stays unambiguous too.
// ---------------------------------------------------------------------------------------------

type Token = { kind: 'literal'; char: string } | { kind: 'one' } | { kind: 'any' };

function tokens(entry: Pick<KnownCookie, 'pattern' | 'match'>): Token[] {
  const literal = (char: string): Token => ({ kind: 'literal', char: char.toLowerCase() });
  const chars = [...entry.pattern];
  if (entry.match === 'exact') return chars.map(literal);
  if (entry.match === 'prefix') return [...chars.map(literal), { kind: 'any' }];
  return chars.map((c) => (c === '*' ? { kind: 'any' } : c === '?' ? { kind: 'one' } : literal(c)));
}

/** A name both token lists match, or null when none exists. */
function commonName(a: Token[], b: Token[]): string | null {
  const memo = new Map<number, string | null>();
  const charOf = (t: Token): string => (t.kind === 'literal' ? t.char : 'x');
  const walk = (i: number, j: number): string | null => {
    const key = i * (b.length + 1) + j;
    if (memo.has(key)) return memo.get(key)!;
    memo.set(key, null); // every step advances i or j, so this placeholder is never read back early
    const x = a[i];
    const y = b[j];
    let found: string | null = null;
    if (x === undefined && y === undefined) found = '';
    if (found === null && x?.kind === 'any') {
      found = walk(i + 1, j);
      if (found === null && y !== undefined && y.kind !== 'any') {
        const rest = walk(i, j + 1);
        if (rest !== null) found = charOf(y) + rest;
      }
    }
    if (found === null && y?.kind === 'any') {
      found = walk(i, j + 1);
      if (found === null && x !== undefined && x.kind !== 'any') {
        const rest = walk(i + 1, j);
        if (rest !== null) found = charOf(x) + rest;
      }
    }
    if (found === null && x !== undefined && y !== undefined && x.kind !== 'any' && y.kind !== 'any') {
      const compatible = x.kind === 'one' || y.kind === 'one' || x.char === y.char;
      if (compatible) {
        const rest = walk(i + 1, j + 1);
        if (rest !== null) found = (x.kind === 'literal' ? x.char : charOf(y)) + rest;
      }
    }
    memo.set(key, found);
    return found;
  };
  return walk(0, 0);
}

/** The project's own matcher semantics (src/policy/glob.ts), folded to lower case like the overlap check. */
function matchesName(entry: KnownCookie, name: string): boolean {
  const pattern = entry.pattern.toLowerCase();
  const lower = name.toLowerCase();
  if (entry.match === 'exact') return lower === pattern;
  if (entry.match === 'prefix') return lower.startsWith(pattern);
  return new RegExp(globToRegExp(pattern).source, 'isu').test(lower);
}

const withinDomain = (host: string, domain: string): boolean => host === domain || host.endsWith(`.${domain}`);

/** Entries with `domains` only apply to cookies of those domains, so two entries collide only where their scopes meet. */
function scopesOverlap(a: KnownCookie, b: KnownCookie): boolean {
  if (!a.domains || !b.domains) return true;
  return a.domains.some((x) => b.domains!.some((y) => withinDomain(x, y) || withinDomain(y, x)));
}

/** What a loader would find for a cookie name set on a domain (domain-restricted entries need the domain). */
function lookup(name: string, cookieDomain?: string): KnownCookie[] {
  return cookies.filter(
    (e) =>
      matchesName(e, name) &&
      (!e.domains || (cookieDomain !== undefined && e.domains.some((d) => withinDomain(cookieDomain, d)))),
  );
}

interface Clash {
  a: KnownCookie;
  b: KnownCookie;
  name: string;
}

function clashes(): Clash[] {
  const found: Clash[] = [];
  const tokenised = cookies.map((e) => ({ entry: e, tokens: tokens(e) }));
  for (let i = 0; i < tokenised.length; i++) {
    for (let j = i + 1; j < tokenised.length; j++) {
      const a = tokenised[i]!;
      const b = tokenised[j]!;
      if (!scopesOverlap(a.entry, b.entry)) continue;
      const name = commonName(a.tokens, b.tokens);
      if (name !== null) found.push({ a: a.entry, b: b.entry, name });
    }
  }
  return found;
}

describe('the pattern-overlap check itself', () => {
  const entry = (pattern: string, match: KnownCookie['match'] = 'glob') => tokens({ pattern, match });

  it('finds the common name of overlapping patterns', () => {
    expect(commonName(entry('_ga_*'), entry('_ga_x', 'exact'))).toBe('_ga_x');
    expect(commonName(entry('mp_*_mixpanel'), entry('mp_*'))).not.toBeNull();
    expect(commonName(entry('*-_zldp'), entry('abc*'))).toBe('abc-_zldp');
    expect(commonName(entry('wordpress_', 'prefix'), entry('wordpress_logged_in_*'))).not.toBeNull();
    expect(commonName(entry('CookieConsent', 'exact'), entry('cookieconsent', 'exact'))).toBe('cookieconsent');
  });

  it('proves disjoint patterns disjoint', () => {
    expect(commonName(entry('_ga_*'), entry('_gat', 'exact'))).toBeNull();
    expect(commonName(entry('_ga_*'), entry('_gat_*'))).toBeNull();
    expect(commonName(entry('AMP_??????????'), entry('AMP_TOKEN', 'exact'))).toBeNull();
    expect(commonName(entry('_hjSession_*'), entry('_hjSessionUser_*'))).toBeNull();
    expect(commonName(entry('a*b'), entry('*c'))).toBeNull();
  });

  it('builds names that the project matcher accepts for both patterns', () => {
    for (const [p, q] of [['mp_*_mixpanel', 'mp_?b*'], ['_pk_id.*', '_pk_id.1.*'], ['*x?', '??x*']] as const) {
      const name = commonName(entry(p), entry(q));
      expect(name).not.toBeNull();
      expect(globToRegExp(p).test(name!) && globToRegExp(q).test(name!)).toBe(true);
    }
  });
});

describe('rules/known-cookies.json', () => {
  it('compiles its schema under ajv strict mode and validates against it', () => {
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(cookieSchema);
    const ok = validate(cookieData);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toEqual([]);
    expect(ok).toBe(true);
  });

  it('uses the manifest duration grammar and categories in its schema', () => {
    const defs = cookieSchema.$defs as Record<string, { pattern?: string; enum?: string[] }>;
    expect(defs.duration!.pattern).toBe(DURATION_PATTERN);
    expect(defs.category!.enum).toEqual(CATEGORIES);
  });

  it('knows at least 300 cookies', () => {
    expect(cookies.length).toBeGreaterThanOrEqual(300);
  });

  it('gives every lifetime in a form parseDuration reads', () => {
    const unreadable = cookies
      .filter((e) => e.lifetime !== undefined)
      .filter((e) => {
        try {
          parseDuration(e.lifetime!);
          return false;
        } catch {
          return true;
        }
      })
      .map(label);
    expect(unreadable).toEqual([]);
  });

  it('lists no pattern twice for the same domains', () => {
    const seen = new Map<string, KnownCookie>();
    const twice: string[] = [];
    for (const e of cookies) {
      const key = `${e.match}:${e.pattern.toLowerCase()}:${(e.domains ?? []).slice().sort().join(',')}`;
      if (seen.has(key)) twice.push(`${label(seen.get(key)!)} and ${label(e)}`);
      seen.set(key, e);
    }
    expect(twice).toEqual([]);
  });

  it('keeps wildcard patterns specific: a literal start and at least three literal characters', () => {
    // A leading `*` would overlap every other vendor's `name_*` pattern (think `_ga_` + `x-session`).
    const vague = cookies
      .filter((e) => e.match === 'glob')
      .filter((e) => /^[*?]/.test(e.pattern) || e.pattern.replace(/[*?]/g, '').length < 3)
      .map(label);
    const shortPrefixes = cookies.filter((e) => e.match === 'prefix' && e.pattern.length < 3).map(label);
    expect([...vague, ...shortPrefixes]).toEqual([]);
  });

  it('never lets two vendors claim the same cookie name on the same domain', () => {
    const conflicts = clashes()
      .filter(({ a, b }) => a.vendor !== b.vendor)
      .map(({ a, b, name }) => `${JSON.stringify(name)} matches ${label(a)} and ${label(b)}`);
    expect(conflicts).toEqual([]);
  });

  it('gives overlapping patterns of one vendor the same category, whichever a loader picks', () => {
    const disagreements = clashes()
      .filter(({ a, b }) => a.vendor === b.vendor && a.category !== b.category)
      .map(({ a, b, name }) => `${JSON.stringify(name)}: ${label(a)} is ${a.category}, ${label(b)} is ${b.category}`);
    expect(disagreements).toEqual([]);
  });

  it('restricts entries only to well-formed registrable domains or hosts', () => {
    const bad = cookies
      .flatMap((e) => (e.domains ?? []).map((d) => ({ e, d })))
      .filter(({ d }) => parseHost(d).hostname !== d || getDomain(d) === null)
      .map(({ e, d }) => `${d} in ${label(e)}`);
    expect(bad).toEqual([]);
  });

  // One or more real cookie names per vendor the issue names, with what an auditor expects to read.
  const expected: [name: string, domain: string | undefined, vendor: RegExp, category: string][] = [
    ['_ga', undefined, /Google Analytics/, 'analytics'],
    ['_ga_XYZ123ABC', undefined, /Google Analytics/, 'analytics'],
    ['_gid', undefined, /Google Analytics/, 'analytics'],
    ['_gat_gtag_UA_12345_1', undefined, /Google Analytics/, 'analytics'],
    ['__utma', undefined, /Google Analytics/, 'analytics'],
    ['_gcl_au', undefined, /Google Ads/, 'marketing'],
    ['IDE', 'doubleclick.net', /Google/, 'marketing'],
    ['NID', 'google.com', /Google/, 'marketing'],
    ['_fbp', undefined, /Meta/, 'marketing'],
    ['fr', 'facebook.com', /Meta/, 'marketing'],
    ['_clck', undefined, /Clarity/, 'analytics'],
    ['_uetsid', undefined, /Microsoft Advertising/, 'marketing'],
    ['MUID', 'bing.com', /Microsoft/, 'marketing'],
    ['li_sugr', 'linkedin.com', /LinkedIn/, 'marketing'],
    ['li_fat_id', undefined, /LinkedIn/, 'marketing'],
    ['_ttp', undefined, /TikTok/, 'marketing'],
    ['personalization_id', 'x.com', /X/, 'marketing'],
    ['_pin_unauth', undefined, /Pinterest/, 'marketing'],
    ['_hjSessionUser_123', undefined, /Hotjar/, 'analytics'],
    ['_hjSession_123', undefined, /Hotjar/, 'analytics'],
    ['hubspotutk', undefined, /HubSpot/, 'analytics'],
    ['intercom-id-abc123', undefined, /Intercom/, 'functional'],
    ['__zlcmid', undefined, /Zendesk/, 'functional'],
    ['ajs_anonymous_id', undefined, /Segment/, 'analytics'],
    ['mp_0123abcd_mixpanel', undefined, /Mixpanel/, 'analytics'],
    ['AMP_0123456789', undefined, /Amplitude/, 'analytics'],
    ['ph_phc_abc_posthog', undefined, /PostHog/, 'analytics'],
    ['_hp2_id.12345', undefined, /Heap/, 'analytics'],
    ['_pk_id.1.a1b2', undefined, /Matomo/, 'analytics'],
    ['__cf_bm', undefined, /Cloudflare/, 'necessary'],
    ['cf_clearance', undefined, /Cloudflare/, 'necessary'],
    ['__stripe_mid', undefined, /Stripe/, 'necessary'],
    ['__stripe_sid', undefined, /Stripe/, 'necessary'],
    ['ts_c', 'paypal.com', /PayPal/, 'necessary'],
    ['_shopify_y', undefined, /Shopify/, 'analytics'],
    ['_tracking_consent', undefined, /Shopify/, 'necessary'],
    ['wordpress_logged_in_0a1b2c', undefined, /WordPress/, 'necessary'],
    ['wp_woocommerce_session_0a1b2c', undefined, /WooCommerce/, 'necessary'],
    ['OptanonConsent', undefined, /OneTrust/, 'necessary'],
    ['CookieConsent', undefined, /Cookiebot/, 'necessary'],
    ['didomi_token', undefined, /Didomi/, 'necessary'],
    ['uc_settings', undefined, /Usercentrics/, 'necessary'],
    ['klaro', undefined, /Klaro/, 'necessary'],
    ['cc_cookie', undefined, /CookieConsent/, 'necessary'],
    ['euconsent-v2', undefined, /TCF/, 'necessary'],
    ['PHPSESSID', undefined, /PHP/, 'necessary'],
    ['JSESSIONID', undefined, /Java/, 'necessary'],
    ['ASP.NET_SessionId', undefined, /ASP\.NET/, 'necessary'],
    ['connect.sid', undefined, /Express/, 'necessary'],
    ['laravel_session', undefined, /Laravel/, 'necessary'],
    ['csrftoken', undefined, /Django/, 'necessary'],
    ['XSRF-TOKEN', undefined, /CSRF/, 'necessary'],
  ];

  it.each(expected.map(([name, domain, vendor, category]) => ({ name, domain, vendor, category })))(
    'knows $name',
    ({ name, domain, vendor, category }) => {
      const found = lookup(name, domain);
      expect(found.length, `no entry matches ${name}`).toBeGreaterThan(0);
      for (const e of found) {
        expect(e.vendor).toMatch(vendor);
        expect(e.category).toBe(category);
      }
    },
  );

  it('does not claim over-generic names outside their vendor\'s domain', () => {
    for (const [name, domain] of [['fr', 'example.com'], ['lang', 'example.com'], ['m', 'example.com'], ['ts', 'shop.example']]) {
      expect(lookup(name!, domain).map(label)).toEqual([]);
    }
    expect(lookup('lang', 'www.linkedin.com').map((e) => e.vendor)).toEqual(['LinkedIn']);
  });
});

describe('rules/trackers.json', () => {
  /** The most specific entry for a host: the host itself, else its nearest listed parent domain. */
  function classify(host: string): Tracker | undefined {
    const byDomain = new Map(trackers.map((t) => [t.domain, t]));
    for (let h = host; h.includes('.'); h = h.slice(h.indexOf('.') + 1)) {
      const hit = byDomain.get(h);
      if (hit) return hit;
    }
    return undefined;
  }

  it('compiles its schema under ajv strict mode and validates against it', () => {
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(trackerSchema);
    const ok = validate(trackerData);
    expect(validate.errors ?? [], JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toEqual([]);
    expect(ok).toBe(true);
    const defs = trackerSchema.$defs as Record<string, { enum?: string[] }>;
    expect(defs.category!.enum).toEqual(CATEGORIES);
  });

  it('knows at least 300 domains', () => {
    expect(trackers.length).toBeGreaterThanOrEqual(300);
  });

  it('lists each domain once', () => {
    const counts = new Map<string, number>();
    for (const t of trackers) counts.set(t.domain, (counts.get(t.domain) ?? 0) + 1);
    expect([...counts].filter(([, n]) => n > 1).map(([d]) => d)).toEqual([]);
  });

  it('writes every domain as a lower-case host under a public suffix', () => {
    const bad = trackers
      .map((t) => t.domain)
      .filter((d) => d !== d.toLowerCase() || parseHost(d).hostname !== d || getDomain(d) === null || !parseHost(d).isIcann);
    expect(bad).toEqual([]);
  });

  const expected: [host: string, organisation: string, category: string][] = [
    ['www.google-analytics.com', 'Google', 'analytics'],
    ['region1.google-analytics.com', 'Google', 'analytics'],
    ['www.googletagmanager.com', 'Google', 'analytics'],
    ['stats.g.doubleclick.net', 'Google', 'marketing'],
    ['www.googleadservices.com', 'Google', 'marketing'],
    ['pagead2.googlesyndication.com', 'Google', 'marketing'],
    ['fonts.googleapis.com', 'Google', 'functional'],
    ['fonts.gstatic.com', 'Google', 'functional'],
    ['www.recaptcha.net', 'Google', 'functional'],
    ['www.youtube-nocookie.com', 'Google', 'functional'],
    ['connect.facebook.net', 'Meta', 'marketing'],
    ['www.facebook.com', 'Meta', 'marketing'],
    ['www.clarity.ms', 'Microsoft', 'analytics'],
    ['bat.bing.com', 'Microsoft', 'marketing'],
    ['snap.licdn.com', 'Microsoft', 'marketing'],
    ['px.ads.linkedin.com', 'Microsoft', 'marketing'],
    ['analytics.tiktok.com', 'ByteDance', 'marketing'],
    ['static.ads-twitter.com', 'X Corp', 'marketing'],
    ['t.co', 'X Corp', 'marketing'],
    ['ct.pinterest.com', 'Pinterest', 'marketing'],
    ['static.hotjar.com', 'Hotjar', 'analytics'],
    ['js.hs-scripts.com', 'HubSpot', 'analytics'],
    ['widget.intercom.io', 'Intercom', 'functional'],
    ['js.driftt.com', 'Salesloft', 'functional'],
    ['static.zdassets.com', 'Zendesk', 'functional'],
    ['cdn.segment.com', 'Twilio', 'analytics'],
    ['api-js.mixpanel.com', 'Mixpanel', 'analytics'],
    ['cdn.amplitude.com', 'Amplitude', 'analytics'],
    ['us.i.posthog.com', 'PostHog', 'analytics'],
    ['cdn.heapanalytics.com', 'Heap', 'analytics'],
    ['edge.fullstory.com', 'FullStory', 'analytics'],
    ['cdn.matomo.cloud', 'InnoCraft', 'analytics'],
    ['plausible.io', 'Plausible Analytics', 'analytics'],
    ['static.cloudflareinsights.com', 'Cloudflare', 'analytics'],
    ['js.stripe.com', 'Stripe', 'necessary'],
    ['m.stripe.network', 'Stripe', 'necessary'],
    ['www.paypal.com', 'PayPal', 'necessary'],
    ['checkout.razorpay.com', 'Razorpay', 'necessary'],
    ['cdn.shopify.com', 'Shopify', 'necessary'],
    ['cdn.cookielaw.org', 'OneTrust', 'necessary'],
    ['consent.cookiebot.com', 'Usercentrics', 'necessary'],
    ['sdk.privacy-center.org', 'Didomi', 'necessary'],
    ['cdnjs.cloudflare.com', 'Cloudflare', 'functional'],
    ['cdn.jsdelivr.net', 'jsDelivr', 'functional'],
    ['unpkg.com', 'unpkg', 'functional'],
    ['js.hcaptcha.com', 'Intuition Machines', 'functional'],
    ['player.vimeo.com', 'Vimeo', 'functional'],
    ['o123.ingest.sentry.io', 'Functional Software', 'analytics'],
    ['browser-intake-datadoghq.com', 'Datadog', 'analytics'],
  ];

  it.each(expected)('classifies %s', (host, organisation, category) => {
    const hit = classify(host);
    expect(hit, `no entry covers ${host}`).toBeDefined();
    expect(hit!.organisation).toBe(organisation);
    expect(hit!.category).toBe(category);
  });

  it('leaves shared platforms unclassified rather than guessing their purpose', () => {
    for (const host of ['www.google.com', 'www.bing.com', 'www.microsoft.com', 'example.com', 's3.amazonaws.com']) {
      expect(classify(host), host).toBeUndefined();
    }
  });

  it('covers every domain the cookie database restricts an ad or analytics cookie to, or documents why not', () => {
    // google.com, bing.com and microsoft.com carry cookies of several purposes; see the file's $comment.
    const shared = new Set(['google.com', 'bing.com', 'microsoft.com']);
    const missing = [
      ...new Set(
        cookies
          .filter((e) => e.category === 'marketing' || e.category === 'analytics')
          .flatMap((e) => e.domains ?? [])
          .filter((d) => !shared.has(d) && classify(d) === undefined),
      ),
    ];
    expect(missing).toEqual([]);
  });
});
