import { describe, expect, it } from 'vitest';
import { globToRegExp, isGlob, matchesGlob } from '../../src/policy/glob.js';

describe('matchesGlob', () => {
  it('matches an exact name only exactly', () => {
    expect(matchesGlob('_ga', '_ga')).toBe(true);
    expect(matchesGlob('_ga', '_gat')).toBe(false);
    expect(matchesGlob('_ga', 'x_ga')).toBe(false);
  });

  it('lets * stand for any run of characters, including none', () => {
    expect(matchesGlob('_ga_*', '_ga_ABC123')).toBe(true);
    expect(matchesGlob('_ga_*', '_ga_')).toBe(true);
    expect(matchesGlob('_ga_*', '_ga')).toBe(false);
    expect(matchesGlob('*_session', 'shop_session')).toBe(true);
    expect(matchesGlob('a*b*c', 'a--b--c')).toBe(true);
    expect(matchesGlob('*', '')).toBe(true);
  });

  it('lets ? stand for exactly one character', () => {
    expect(matchesGlob('_gat_?', '_gat_1')).toBe(true);
    expect(matchesGlob('_gat_?', '_gat_')).toBe(false);
    expect(matchesGlob('_gat_?', '_gat_12')).toBe(false);
  });

  it('is case-sensitive, as browsers are with cookie names', () => {
    expect(matchesGlob('_GA', '_ga')).toBe(false);
    expect(matchesGlob('PHPSESSID', 'phpsessid')).toBe(false);
  });

  it('treats regular-expression characters literally', () => {
    expect(matchesGlob('a.b', 'a.b')).toBe(true);
    expect(matchesGlob('a.b', 'axb')).toBe(false);
    expect(matchesGlob('x+(y)[z]{1}|^$\\/', 'x+(y)[z]{1}|^$\\/')).toBe(true);
    expect(matchesGlob('ab+', 'abb')).toBe(false);
    expect(matchesGlob('a-b', 'a-b')).toBe(true);
  });

  it('matches names holding newlines or non-ASCII characters', () => {
    expect(matchesGlob('a*', 'a\nb')).toBe(true);
    expect(matchesGlob('caf?', 'café')).toBe(true);
  });
});

describe('globToRegExp', () => {
  it('is anchored at both ends', () => {
    expect(globToRegExp('ab').test('xaby')).toBe(false);
    expect(globToRegExp('a*').source.startsWith('^')).toBe(true);
  });
});

describe('isGlob', () => {
  it('tells wildcard patterns from exact names', () => {
    expect(isGlob('_ga_*')).toBe(true);
    expect(isGlob('_gat_?')).toBe(true);
    expect(isGlob('_ga')).toBe(false);
  });
});
