import { describe, expect, it } from 'vitest';
import { CookieMatcher } from '../../src/knowledge/cookies.js';
import { known } from './factory.js';

const builtIn = (entries: ReturnType<typeof known>[]) => new CookieMatcher([{ name: 'built-in', entries }]);

describe('matching a cookie name to the known-cookie database', () => {
  it('prefers an exact name over a glob or prefix that also matches', () => {
    const db = builtIn([
      known('_ga*', { vendor: 'Glob' }),
      known('_g', { match: 'prefix', vendor: 'Prefix' }),
      known('_ga', { vendor: 'Exact' }),
    ]);
    expect(db.best('_ga')?.vendor).toBe('Exact');
    expect(db.candidates('_ga').map((e) => e.vendor)).toEqual(['Exact', 'Glob', 'Prefix']);
  });

  it('among patterns, the longer literal part wins ("_hjSessionUser_*" over "_hj*")', () => {
    const db = builtIn([known('_hj*', { vendor: 'Short' }), known('_hjSessionUser_*', { vendor: 'Hotjar' })]);
    expect(db.best('_hjSessionUser_123')?.vendor).toBe('Hotjar');
    expect(db.best('_hjid')?.vendor).toBe('Short');
  });

  it('matches globs anchored, with * for any run and ? for one character, case-sensitively', () => {
    const db = builtIn([known('mp_*_mixpanel', { vendor: 'Mixpanel' }), known('AMP_??????', { vendor: 'Amplitude' })]);
    expect(db.best('mp_0f4c3b2a_mixpanel')?.vendor).toBe('Mixpanel');
    expect(db.best('mp_0f4c3b2a_mixpanel_x')).toBeUndefined();
    expect(db.best('AMP_abcdef')?.vendor).toBe('Amplitude');
    expect(db.best('AMP_abcdefg')).toBeUndefined();
    expect(db.best('amp_abcdef')).toBeUndefined();
  });

  it('a prefix entry matches names that start with it', () => {
    const db = builtIn([known('_gat_', { match: 'prefix', vendor: 'GA' })]);
    expect(db.best('_gat_UA-1')?.vendor).toBe('GA');
    expect(db.best('_ga')).toBeUndefined();
  });

  it('honours a domain restriction: LinkedIn\'s "lang" is not every site\'s "lang"', () => {
    const db = builtIn([known('lang', { vendor: 'LinkedIn', category: 'functional', domains: ['linkedin.com'] })]);
    expect(db.best('lang', '.linkedin.com')?.vendor).toBe('LinkedIn');
    expect(db.best('lang', 'www.linkedin.com')?.vendor).toBe('LinkedIn');
    expect(db.best('lang', 'pos.till-works.test')).toBeUndefined();
    expect(db.best('lang', 'notlinkedin.com')).toBeUndefined();
    // Without a domain (explain <name>) the restriction cannot be judged: the entry is shown.
    expect(db.best('lang')?.vendor).toBe('LinkedIn');
  });

  it('prefers the entry restricted to the cookie\'s domain over an unrestricted one of the same name', () => {
    const db = builtIn([known('id', { vendor: 'Anywhere' }), known('id', { vendor: 'Ads', category: 'marketing', domains: ['ads.example'] })]);
    expect(db.best('id', '.ads.example')?.vendor).toBe('Ads');
    expect(db.best('id', 'shop.example')?.vendor).toBe('Anywhere');
  });

  it('on a tie the built-in database wins over a local one, and an earlier entry over a later one', () => {
    const db = new CookieMatcher([
      { name: 'built-in', entries: [known('_ga', { vendor: 'Built-in' })] },
      { name: '/tmp/local.json', entries: [known('_ga', { vendor: 'Local' }), known('x', { vendor: 'First' }), known('x', { vendor: 'Second' })] },
    ]);
    expect(db.best('_ga')).toMatchObject({ vendor: 'Built-in', database: 'built-in' });
    expect(db.candidates('_ga').map((e) => e.database)).toEqual(['built-in', '/tmp/local.json']);
    expect(db.best('x')?.vendor).toBe('First');
  });

  it('a more specific local entry still beats a less specific built-in one', () => {
    const db = new CookieMatcher([
      { name: 'built-in', entries: [known('_ga*', { vendor: 'Built-in glob' })] },
      { name: 'local', entries: [known('_ga_custom', { vendor: 'Local exact' })] },
    ]);
    expect(db.best('_ga_custom')?.vendor).toBe('Local exact');
  });

  it('knows nothing about names nobody lists', () => {
    expect(builtIn([known('_ga')]).best('session_id')).toBeUndefined();
    expect(builtIn([known('_ga')]).candidates('session_id')).toEqual([]);
  });
});
