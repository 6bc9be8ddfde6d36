/**
 * The words cookie policies use, as data for policy/extract.ts: how section headings name categories,
 * how lifetimes are written, and the third parties policies name, with the domains their cookies live on.
 */
import type { Category } from './types.js';

/** Tried in this order: "Performance and Analytics" is analytics, "Advertising measurement" marketing. */
export const CATEGORY_WORDS: readonly { category: Category; pattern: RegExp }[] = [
  { category: 'marketing', pattern: /\b(?:targeting|advertising|advertisement|advertisers?|ads|marketing|retargeting|remarketing)\b/i },
  { category: 'analytics', pattern: /\b(?:analytics|analytical|performance|statistics|statistical|measurement|measuring)\b/i },
  { category: 'functional', pattern: /\b(?:functional|functionality|preferences?|personali[sz]ation)\b/i },
  { category: 'necessary', pattern: /\b(?:strictly necessary|necessary|essential|required|security)\b/i },
];

/** A heading or label that introduces cookie declarations even without naming a category. */
export const COOKIE_SECTION = /\b(?:cookies?|local storage|similar technologies|tracking technologies|storage)\b/i;

export interface KnownProvider {
  /** The name a manifest uses. */
  name: string;
  /** How policies write it (case-sensitive: brand names are capitalised; "stripe" in "striped" is not Stripe). */
  pattern: RegExp;
  domains: string[];
  /** When the policy names it outside any category section. */
  category: Category;
}

export const KNOWN_PROVIDERS: readonly KnownProvider[] = [
  { name: 'Stripe', pattern: /\bStripe\b/, domains: ['stripe.com', 'stripe.network'], category: 'necessary' },
  { name: 'Razorpay', pattern: /\bRazorpay\b/, domains: ['razorpay.com'], category: 'necessary' },
  { name: 'PayPal', pattern: /\bPayPal\b/, domains: ['paypal.com'], category: 'necessary' },
  { name: 'Cloudflare', pattern: /\bCloudflare\b/, domains: ['cloudflare.com'], category: 'necessary' },
  { name: 'Google Analytics', pattern: /\bGoogle Analytics\b/, domains: ['google-analytics.com'], category: 'analytics' },
  { name: 'Google Ads', pattern: /\b(?:Google Ads|DoubleClick)\b/, domains: ['doubleclick.net', 'googleadservices.com'], category: 'marketing' },
  { name: 'Meta', pattern: /\b(?:Meta|Facebook)\b/, domains: ['facebook.com', 'facebook.net'], category: 'marketing' },
  { name: 'LinkedIn', pattern: /\bLinkedIn\b/, domains: ['linkedin.com'], category: 'marketing' },
  { name: 'TikTok', pattern: /\bTikTok\b/, domains: ['tiktok.com'], category: 'marketing' },
  { name: 'Hotjar', pattern: /\bHotjar\b/, domains: ['hotjar.com'], category: 'analytics' },
  { name: 'Microsoft Clarity', pattern: /\b(?:Microsoft )?Clarity\b/, domains: ['clarity.ms'], category: 'analytics' },
  { name: 'Mixpanel', pattern: /\bMixpanel\b/, domains: ['mixpanel.com'], category: 'analytics' },
  { name: 'Segment', pattern: /\bSegment\b/, domains: ['segment.com', 'segment.io'], category: 'analytics' },
  { name: 'HubSpot', pattern: /\bHubSpot\b/, domains: ['hubspot.com', 'hs-analytics.net'], category: 'marketing' },
  { name: 'Intercom', pattern: /\bIntercom\b/, domains: ['intercom.io', 'intercomcdn.com'], category: 'functional' },
  { name: 'Zendesk', pattern: /\bZendesk\b/, domains: ['zendesk.com'], category: 'functional' },
];

/** Number words lifetimes are written with ("one year", "thirty days", "a year"). */
export const NUMBER_WORDS: Readonly<Record<string, number>> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, eighteen: 18, twenty: 20,
  'twenty-four': 24, thirty: 30, sixty: 60, ninety: 90,
};

/** Units as the manifest writes them, by the forms policies use. */
export const UNIT_WORDS: Readonly<Record<string, 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year'>> = {
  minute: 'minute', minutes: 'minute', min: 'minute', mins: 'minute',
  hour: 'hour', hours: 'hour', hr: 'hour', hrs: 'hour', h: 'hour',
  day: 'day', days: 'day', d: 'day',
  week: 'week', weeks: 'week',
  month: 'month', months: 'month',
  year: 'year', years: 'year', yr: 'year', yrs: 'year',
};
