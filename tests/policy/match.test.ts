import { describe, expect, it } from 'vitest';
import { declarationRefs, hostWithin, matchCookie, matchStorage } from '../../src/policy/match.js';
import { policy } from '../audit/factories.js';

const SITE = 'demo.test';

describe('hostWithin', () => {
  it('ignores leading dots and case, and includes subdomains', () => {
    expect(hostWithin('.demo.test', 'demo.test')).toBe(true);
    expect(hostWithin('shop.demo.test', '.demo.test')).toBe(true);
    expect(hostWithin('Demo.Test', 'demo.test')).toBe(true);
    expect(hostWithin('notdemo.test', 'demo.test')).toBe(false);
    expect(hostWithin('demo.test', 'shop.demo.test')).toBe(false);
    expect(hostWithin('demo.test', '')).toBe(false);
  });
});

describe('matchCookie', () => {
  const manifest = policy({
    cookies: [
      { name: '_ga_*', category: 'analytics' },
      { name: '_ga_SPECIAL', category: 'marketing' },
      { name: '__stripe_mid', category: 'necessary', domain: '.stripe.com' },
      { name: 'lang', category: 'functional' },
      { name: 'lang', category: 'necessary', domain: 'shop.demo.test' },
    ],
    thirdParties: [
      { name: 'DoubleClick', domains: ['doubleclick.net'], category: 'marketing' },
      { name: 'Stripe', domains: ['js.stripe.com'], category: 'necessary' },
      { name: 'Shop', domains: ['shop.demo.test'], category: 'functional' },
    ],
  });

  it('matches an exact name', () => {
    expect(matchCookie(manifest, { name: 'lang', domain: 'demo.test' }, SITE)).toEqual({
      kind: 'cookie', index: 3, name: 'lang', category: 'functional',
    });
  });

  it('matches a glob', () => {
    expect(matchCookie(manifest, { name: '_ga_XYZ', domain: '.demo.test' }, SITE)).toMatchObject({ kind: 'cookie', index: 0 });
  });

  it('prefers an exact name over a glob written earlier', () => {
    expect(matchCookie(manifest, { name: '_ga_SPECIAL', domain: '.demo.test' }, SITE)).toMatchObject({ index: 1, category: 'marketing' });
  });

  it('prefers a declaration pinned to the cookie domain over an unpinned one', () => {
    expect(matchCookie(manifest, { name: 'lang', domain: 'shop.demo.test' }, SITE)).toMatchObject({ index: 4, category: 'necessary' });
  });

  it('applies a domain-pinned declaration only on that domain, its subdomains, with or without the dot', () => {
    expect(matchCookie(manifest, { name: '__stripe_mid', domain: 'stripe.com' }, SITE)).toMatchObject({ kind: 'cookie', index: 2 });
    expect(matchCookie(manifest, { name: '__stripe_mid', domain: '.m.stripe.com' }, SITE)).toMatchObject({ kind: 'cookie', index: 2 });
    expect(matchCookie(manifest, { name: '__stripe_mid', domain: '.demo.test' }, SITE)).toBeUndefined();
  });

  it('falls back to the third party whose domain holds the cookie', () => {
    expect(matchCookie(manifest, { name: 'IDE', domain: '.doubleclick.net' }, SITE)).toEqual({
      kind: 'thirdParty', index: 0, name: 'DoubleClick', category: 'marketing',
    });
    expect(matchCookie(manifest, { name: 'IDE', domain: 'ad.doubleclick.net' }, SITE)).toMatchObject({ kind: 'thirdParty', index: 0 });
  });

  it('matches a third party listed by host when the cookie lands on the same registrable domain', () => {
    expect(matchCookie(manifest, { name: 'm', domain: '.stripe.com' }, SITE)).toMatchObject({ kind: 'thirdParty', name: 'Stripe' });
  });

  it('does not let a third-party host on the site claim the site\'s other cookies', () => {
    expect(matchCookie(manifest, { name: 'cart', domain: 'shop.demo.test' }, SITE)).toMatchObject({ kind: 'thirdParty', name: 'Shop' });
    expect(matchCookie(manifest, { name: 'cart', domain: 'demo.test' }, SITE)).toBeUndefined();
  });

  it('returns undefined for a cookie nobody declared', () => {
    expect(matchCookie(manifest, { name: 'tracker', domain: '.evil.example' }, SITE)).toBeUndefined();
  });

  it('is case-sensitive on the name', () => {
    expect(matchCookie(manifest, { name: 'LANG', domain: 'demo.test' }, SITE)).toBeUndefined();
  });

  it('carries the declaration source location into the ref', () => {
    const located = policy({ cookies: [{ name: 'a', category: 'necessary', location: { file: 'm.yml', line: 7 } }] });
    expect(matchCookie(located, { name: 'a', domain: 'demo.test' }, SITE)).toEqual({
      kind: 'cookie', index: 0, name: 'a', category: 'necessary', location: { file: 'm.yml', line: 7 },
    });
  });
});

describe('matchStorage', () => {
  const manifest = policy({
    storage: [
      { key: 'cart*', type: 'localStorage', category: 'functional' },
      { key: 'cart', type: 'localStorage', category: 'necessary' },
      { key: 'cart', type: 'sessionStorage', category: 'functional' },
    ],
    thirdParties: [{ name: 'Hotjar', domains: ['hotjar.com'], category: 'analytics' }],
  });

  it('matches by type and key, exact before glob', () => {
    expect(matchStorage(manifest, { type: 'localStorage', key: 'cart', origin: 'https://demo.test' })).toEqual({
      kind: 'storage', index: 1, key: 'cart', category: 'necessary',
    });
    expect(matchStorage(manifest, { type: 'localStorage', key: 'cart_v2', origin: 'https://demo.test' })).toMatchObject({ index: 0 });
    expect(matchStorage(manifest, { type: 'sessionStorage', key: 'cart', origin: 'https://demo.test' })).toMatchObject({ index: 2 });
  });

  it('does not match a declaration of another storage type', () => {
    expect(matchStorage(manifest, { type: 'indexedDB', key: 'cart', origin: 'https://demo.test' })).toBeUndefined();
  });

  it('falls back to the third party of the origin host', () => {
    expect(matchStorage(manifest, { type: 'localStorage', key: '_hjid', origin: 'https://vars.hotjar.com:443' })).toMatchObject({
      kind: 'thirdParty', name: 'Hotjar',
    });
  });

  it('matches nothing for an opaque origin', () => {
    expect(matchStorage(manifest, { type: 'localStorage', key: '_hjid', origin: 'null' })).toBeUndefined();
  });
});

describe('declarationRefs', () => {
  it('lists cookies, storage and third parties in manifest order', () => {
    const manifest = policy({
      cookies: [{ name: 'a', category: 'necessary' }, { name: 'b*', category: 'analytics' }],
      storage: [{ key: 'k', type: 'indexedDB', category: 'functional' }],
      thirdParties: [{ name: 'T', domains: ['t.example'], category: 'marketing' }],
    });
    expect(declarationRefs(manifest)).toEqual([
      { kind: 'cookie', index: 0, name: 'a', category: 'necessary' },
      { kind: 'cookie', index: 1, name: 'b*', category: 'analytics' },
      { kind: 'storage', index: 0, key: 'k', category: 'functional' },
      { kind: 'thirdParty', index: 0, name: 'T', category: 'marketing' },
    ]);
  });
});
