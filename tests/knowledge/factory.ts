/** Hand-built knowledge for unit tests: a few real-world entries, no files. */
import { knowledgeFrom } from '../../src/knowledge/knowledge.js';
import type { TrackerEntry } from '../../src/knowledge/trackers.js';
import type { KnownCookieEntry, Knowledge } from '../../src/knowledge/types.js';

export function known(pattern: string, overrides: Partial<KnownCookieEntry> = {}): KnownCookieEntry {
  const match = pattern.includes('*') || pattern.includes('?') ? 'glob' : 'exact';
  return { pattern, match, vendor: 'Vendor', category: 'analytics', purpose: 'A test entry.', reference: 'https://example.com/cookies', ...overrides };
}

export const COOKIES: KnownCookieEntry[] = [
  known('_ga', { vendor: 'Google Analytics', category: 'analytics', lifetime: '2 years' }),
  known('_ga_*', { vendor: 'Google Analytics', category: 'analytics' }),
  known('_fbp', { vendor: 'Meta Pixel', category: 'marketing', lifetime: '90 days' }),
  known('fr', { vendor: 'Meta', category: 'marketing', domains: ['facebook.com'] }),
  known('_hjSessionUser_*', { vendor: 'Hotjar', category: 'analytics', lifetime: '1 year' }),
  known('__stripe_mid', { vendor: 'Stripe', category: 'necessary' }),
  known('mp_*_mixpanel', { vendor: 'Mixpanel', category: 'analytics' }),
  known('PHPSESSID', { vendor: 'PHP', category: 'necessary' }),
  known('ab_variant', { vendor: 'Optimizely', category: 'analytics' }),
];

export const TRACKERS: TrackerEntry[] = [
  { domain: 'google-analytics.com', organisation: 'Google', category: 'analytics', vendor: 'Google Analytics' },
  { domain: 'doubleclick.net', organisation: 'Google', category: 'marketing', vendor: 'Google Marketing Platform' },
  { domain: 'facebook.com', organisation: 'Meta', category: 'marketing' },
  { domain: 'facebook.net', organisation: 'Meta', category: 'marketing', vendor: 'Meta Pixel' },
  { domain: 'hotjar.com', organisation: 'Hotjar', category: 'analytics' },
  { domain: 'stripe.com', organisation: 'Stripe', category: 'necessary' },
  { domain: 'cdn.cookielaw.org', organisation: 'OneTrust', category: 'functional' },
];

export function testKnowledge(extra: { cookies?: KnownCookieEntry[]; local?: KnownCookieEntry[]; trackers?: TrackerEntry[] } = {}): Knowledge {
  return knowledgeFrom({
    cookies: [
      { name: 'built-in', entries: [...COOKIES, ...(extra.cookies ?? [])] },
      ...(extra.local === undefined ? [] : [{ name: '/home/me/.cookie-audit/cookies.json', entries: extra.local }]),
    ],
    trackers: [...TRACKERS, ...(extra.trackers ?? [])],
  });
}
