/**
 * The built-in database against the Open Cookie Database: every entry is sourced (an OCD entry or a
 * checked vendor page), and every category disagreement with OCD is settled in the data, entry by entry.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { agreementText, agreesWithOcd, compareWithOcd, sampleName, settlement } from '../../src/knowledge/agreement.js';
import { parseOpenCookieDatabase } from '../../src/knowledge/open-cookie-database.js';
import type { KnownCookieEntry } from '../../src/knowledge/types.js';
import { readSharedOcd, sharedOcdPresent, SMALL_OCD } from './ocd-copy.js';

const builtIn = (JSON.parse(readFileSync(new URL('../../rules/known-cookies.json', import.meta.url), 'utf8')) as { entries: KnownCookieEntry[] }).entries;
const label = (e: KnownCookieEntry) => `${e.pattern} (${e.vendor}, ${e.category})`;

describe('the built-in database, sourced', () => {
  it('every entry is documented by an OCD entry or by a vendor page someone checked', () => {
    expect(builtIn.filter((e) => e.ocd === undefined && e.referenceChecked === undefined).map(label)).toEqual([]);
    expect(builtIn.every((e) => /^https:\/\//.test(e.reference ?? ''))).toBe(true);
  });

  it('every settled disagreement says why, and a corrected entry now agrees with OCD', () => {
    for (const e of builtIn.filter((x) => x.categorySettled !== undefined)) {
      expect(e.categoryReason, label(e)).toMatch(/^[A-Z].{20,}\.$/);
    }
    const corrected = builtIn.filter((e) => e.categorySettled === 'corrected');
    expect(corrected.length).toBeGreaterThan(0);
    for (const e of corrected) {
      expect(agreesWithOcd(e.category, { ...e, category: e.category, ocd: e.ocd! } as KnownCookieEntry) || e.ocd!.category.toLowerCase() === e.category, label(e)).toBe(true);
    }
  });

  it('keeps consent storage necessary and the issue\u2019s advertising cookies marketing, each with its reason', () => {
    const entry = (pattern: string) => builtIn.find((e) => e.pattern === pattern)!;
    expect([entry('mtm_consent').category, entry('mtm_consent').categorySettled]).toEqual(['necessary', 'kept']);
    expect([entry('_tracking_consent').category, entry('_tracking_consent').categorySettled]).toEqual(['necessary', 'kept']);
    expect([entry('_pinterest_sess').category, entry('li_fat_id').category]).toEqual(['marketing', 'marketing']);
    expect([entry('s_ecid').categorySettled, entry('AMCV_*').categorySettled]).toEqual(['use-dependent', 'use-dependent']);
  });
});

describe('comparing with OCD (a CSV of the test\u2019s own)', () => {
  const ocd = parseOpenCookieDatabase(SMALL_OCD).entries;
  const ours: KnownCookieEntry[] = [
    { pattern: 'acme_session', match: 'exact', vendor: 'Acme Shop', category: 'necessary' },
    { pattern: 'acme_lang', match: 'exact', vendor: 'Acme Shop', category: 'necessary' },
    { pattern: 'acme_uid', match: 'exact', vendor: 'Acme Analytics', category: 'marketing' },
    { pattern: 'acme_ad_*', match: 'glob', vendor: 'Acme Ads', category: 'marketing', domains: ['ads.acme.example'] },
  ];

  it('counts coverage, agreement by category and the disagreements; OCD "Functional" agrees with necessary or functional', () => {
    const c = compareWithOcd(ours, ocd);
    expect(c.resolvedByBuiltIn).toBe(4);
    expect(c.knownToOcd.size).toBe(4);
    expect(c.byCategory).toEqual({
      necessary: { agree: 2, disagree: 0 },
      functional: { agree: 0, disagree: 0 },
      analytics: { agree: 0, disagree: 0 },
      marketing: { agree: 1, disagree: 1 },
    });
    expect(c.disagreements.map((d) => [d.builtIn.pattern, d.ocd.pattern])).toEqual([['acme_uid', 'acme_uid']]);
    expect(settlement(ours, c).unsettled.map((e) => e.pattern)).toEqual(['acme_uid']);
    const settled = ours.map((e) => (e.pattern === 'acme_uid' ? { ...e, categorySettled: 'kept' as const, categoryReason: 'Ours, for a reason.' } : e));
    expect(settlement(settled, compareWithOcd(settled, ocd))).toMatchObject({ kept: 1, unsettled: [] });
    expect(sampleName({ pattern: 'acme_ad_', match: 'prefix' })).toBe('acme_ad_x1');
  });

  it('prints the figures db:check shows', () => {
    const text = agreementText(ours, { entries: ocd, label: 'small.csv' });
    expect(text).toContain("Coverage of OCD's cookie names: built-in alone 4 (66.7 %); with OCD installed 6 (100.0 %).");
    expect(text).toContain('unsettled: 1.\n  unsettled: acme_uid (Acme Analytics, marketing)\n');
  });
});

describe.runIf(sharedOcdPresent)('with the shared copy of the Open Cookie Database (skipped without ../shared)', () => {
  const ocd = sharedOcdPresent ? parseOpenCookieDatabase(readSharedOcd()).entries : [];

  it('leaves no category disagreement unsettled in the data', () => {
    const c = compareWithOcd(builtIn, ocd);
    expect(c.disagreements.length).toBeGreaterThan(0);
    expect(settlement(builtIn, c).unsettled.map(label)).toEqual([]);
  });

  it('names OCD entries that exist, with OCD\u2019s category as OCD writes it', () => {
    const byId = new Map(ocd.map((e) => [e.ocd!.id, e]));
    const wrong = builtIn.filter((e) => e.ocd !== undefined && byId.get(e.ocd.id)?.ocd?.category !== e.ocd.category);
    expect(wrong.map(label)).toEqual([]);
  });
});
