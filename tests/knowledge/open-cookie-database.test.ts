import { describe, expect, it } from 'vitest';
import {
  domainsFromCell,
  lifetimeFromCell,
  mergeEntries,
  OpenCookieDatabaseError,
  parseOpenCookieDatabase,
} from '../../src/knowledge/open-cookie-database.js';

const HEADER = 'ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match';

function csv(...rows: string[]): string {
  return [HEADER, ...rows].join('\n') + '\n';
}

describe('reading the Open Cookie Database CSV', () => {
  it('maps a row to a known-cookie entry', () => {
    const { entries, skipped } = parseOpenCookieDatabase(
      csv('256c18e8,Google Analytics,Analytics,_ga,google-analytics.com (3rd party) or advertiser\'s website domain (1st party),ID used to identify users,2 years,Google,https://privacy.google.com/take-control.html,0'),
    );
    expect(skipped).toEqual([]);
    expect(entries).toEqual([
      {
        pattern: '_ga',
        match: 'exact',
        vendor: 'Google Analytics',
        category: 'analytics',
        lifetime: '2 years',
        purpose: 'ID used to identify users',
        reference: 'https://privacy.google.com/take-control.html',
        ocd: { id: '256c18e8', category: 'Analytics' },
      },
    ]);
  });

  it('maps its categories to ours: Security is necessary, Personalization is functional', () => {
    const { entries } = parseOpenCookieDatabase(
      csv('1,Cloudflare,Security,__cf_bm,,Bot management,30 minutes,Cloudflare,,0', '2,Shop,Personalization,theme,,Theme choice,1 year,Shop,#N/A,0', '3,Ads,Marketing,adid,,Ad id,1 year,Ads,,0', '4,Chat,Functional,chat,,Chat state,session,Chat,,0'),
    );
    expect(entries.map((e) => [e.pattern, e.category])).toEqual([
      ['__cf_bm', 'necessary'],
      ['theme', 'functional'],
      ['adid', 'marketing'],
      ['chat', 'functional'],
    ]);
    expect(entries[1]?.reference).toBeUndefined();
  });

  it('turns "Wildcard match" 1 into a prefix, and <placeholders> into globs', () => {
    const { entries } = parseOpenCookieDatabase(
      csv('1,Google Analytics,Analytics,_ga_,x,Session state,2 years,Google,,1', '2,Adform,Marketing,SR<RotatorID>,adform.net (3rd party),Impressions,1 day,Adform,,0', '3,Cookiebot,Functional,CookieConsent [x4],cookiebot.com (3rd party) or advertiser\'s website domain (1st party),Consent,1 year,Cookiebot,,0'),
    );
    expect(entries.map((e) => [e.pattern, e.match, e.domains])).toEqual([
      ['_ga_', 'prefix', undefined],
      ['SR*', 'glob', ['adform.net']],
      ['CookieConsent', 'exact', undefined],
    ]);
  });

  it('keeps multi-line quoted descriptions on one line', () => {
    const { entries } = parseOpenCookieDatabase(csv('1,Google Analytics,Analytics,AMP_TOKEN,x,"Contains a token.\n\nReference: docs",30 seconds till 1 year,Google,,0'));
    expect(entries[0]).toMatchObject({ purpose: 'Contains a token. Reference: docs' });
    expect(entries[0]?.lifetime).toBeUndefined();
  });

  it('skips rows it cannot use, saying why', () => {
    const { entries, skipped } = parseOpenCookieDatabase(csv('1,X,Unclassified,a,,,,,,0', '2,X,Analytics,_dp Cookie,,,,,,0', '3,,Analytics,b,,,,,,0', ',,,,,,,,,'));
    expect(entries).toEqual([]);
    expect(skipped).toEqual([
      { record: 2, reason: 'unknown category "Unclassified"' },
      { record: 3, reason: '"_dp Cookie" is not a cookie or storage name' },
      { record: 4, reason: 'no platform or data controller' },
    ]);
  });

  it('refuses a file that is not the Open Cookie Database layout', () => {
    expect(() => parseOpenCookieDatabase('name,category\n_ga,analytics\n')).toThrow(OpenCookieDatabaseError);
    expect(() => parseOpenCookieDatabase('name,category\n')).toThrow(/lacks "Platform", "Category", "Cookie \/ Data Key name", "Wildcard match"/);
    expect(() => parseOpenCookieDatabase('')).toThrow(/empty/);
  });

  it('reads its retention periods and domain cells', () => {
    expect(lifetimeFromCell('24 hours')).toBe('24 hours');
    expect(lifetimeFromCell('End of session (browser)')).toBe('session');
    expect(lifetimeFromCell('Session')).toBe('session');
    expect(lifetimeFromCell('6 months after last activity')).toBe('6 months');
    expect(lifetimeFromCell('180 days after last activity or 10 years when opting out')).toBeUndefined();
    expect(domainsFromCell('adform.net (3rd party)')).toEqual(['adform.net']);
    expect(domainsFromCell('.google.com')).toEqual(['google.com']);
    expect(domainsFromCell("Advertiser's website domain (1st party)")).toBeUndefined();
    expect(domainsFromCell("Advertiser's website domain (1st party) or demdex.net (3rd party)")).toBeUndefined();
  });
});

describe('merging into the local database', () => {
  const ga = { pattern: '_ga', match: 'exact' as const, vendor: 'Google Analytics', category: 'analytics' as const };

  it('adds new entries, replaces changed ones, keeps the rest, and ignores repeated rows', () => {
    const existing = { version: 1 as const, entries: [ga, { ...ga, pattern: 'mine', vendor: 'Me' }] };
    const result = mergeEntries(existing, [{ ...ga, lifetime: '2 years' }, { ...ga, pattern: '_gid' }, { ...ga, pattern: '_gid', vendor: 'Again' }, { ...ga, pattern: 'mine', vendor: 'Me' }]);
    expect(result).toMatchObject({ added: 1, updated: 1, unchanged: 1, duplicates: 1 });
    expect(result.database.entries.map((e) => [e.pattern, e.vendor, e.lifetime])).toEqual([
      ['_ga', 'Google Analytics', '2 years'],
      ['mine', 'Me', undefined],
      ['_gid', 'Google Analytics', undefined],
    ]);
  });

  it('treats the same name restricted to other domains as another entry', () => {
    const result = mergeEntries(undefined, [ga, { ...ga, domains: ['google.com'] }]);
    expect(result.added).toBe(2);
  });
});
