import { describe, expect, it } from 'vitest';
import { declaredLifetime, draftManifest } from '../../src/knowledge/draft.js';
import type { RequestObservation } from '../../src/evidence/types.js';
import { parsePolicy } from '../../src/policy/load.js';
import { matchCookie, matchStorage, matchThirdParty } from '../../src/policy/match.js';
import { DAY, cookie, phase, site, storage } from '../audit/factories.js';
import { testKnowledge } from './factory.js';

function request(url: string, overrides: Partial<RequestObservation> = {}): RequestObservation {
  return { url, method: 'GET', resourceType: 'script', frameUrl: 'https://demo.test/', party: 'third', firstSeenPage: 'https://demo.test/', count: 1, ...overrides };
}

const evidence = site([
  phase(
    'pre',
    {
      cookies: [
        cookie('session', { setBy: { kind: 'header', url: 'https://demo.test/' } }),
        cookie('_hjSessionUser_42', { domain: '.demo.test', lifetimeSeconds: 365 * DAY - 5, requestedLifetimeSeconds: 365 * DAY, httpOnly: false }),
      ],
      storage: [storage('ab_variant'), storage('cart_v2', { type: 'sessionStorage' })],
    },
    { requests: [request('https://static.hotjar.com/c/hotjar-42.js'), request('https://demo.test/app.js', { party: 'first' })] },
  ),
  phase(
    'accept',
    {
      cookies: [
        cookie('session'),
        cookie('_ga', { domain: '.demo.test', lifetimeSeconds: 400 * DAY - 3, requestedLifetimeSeconds: 730 * DAY }),
        cookie('_fbp', { domain: '.demo.test', lifetimeSeconds: 90 * DAY - 2 }),
        cookie('fr', { domain: '.facebook.com', party: 'third', lifetimeSeconds: 90 * DAY, setBy: { kind: 'header', url: 'https://www.facebook.com/tr\nEVIL: yes' } }),
        cookie('uid_sync', { domain: '.doubleclick.net', party: 'third', lifetimeSeconds: 29 * DAY + 100 }),
      ],
    },
    {
      requests: [
        request('https://connect.facebook.net/en_US/fbevents.js'),
        request('https://www.facebook.com/tr', { resourceType: 'image', count: 2 }),
        request('https://ad.doubleclick.net/activity', { resourceType: 'image' }),
        request('https://cdn.unknown-vendor.example/lib.js'),
      ],
    },
  ),
]);

describe('draftManifest (cookie-audit init)', () => {
  const text = draftManifest([evidence], testKnowledge(), { accept: { selector: '#accept-all' }, reject: { selector: '#reject-all' } });
  const draft = parsePolicy(text, 'draft.yaml');

  it('writes a manifest the policy loader accepts, with the consent selectors it was given', () => {
    expect(draft.consent).toEqual({ beforeConsent: ['necessary'], accept: { selector: '#accept-all' }, reject: { selector: '#reject-all' } });
    expect(draft.site).toBe('demo.test');
  });

  it('declares every observed cookie, storage entry and third party, so a scan against it finds nothing undeclared', () => {
    for (const p of evidence.phases) {
      for (const c of p.cookies) expect(matchCookie(draft, c, 'demo.test'), c.name).toBeDefined();
      for (const s of p.storage) expect(matchStorage(draft, s, 'demo.test'), s.key).toBeDefined();
      for (const r of p.requests.filter((r) => r.party === 'third')) expect(matchThirdParty(draft, new URL(r.url).hostname, 'demo.test'), r.url).toBeDefined();
    }
  });

  it('takes category, vendor and purpose from the known-cookie database, and the lifetime the site asked for', () => {
    const byName = Object.fromEntries(draft.cookies.map((c) => [c.name, c]));
    expect(byName['_ga']).toMatchObject({ category: 'analytics', provider: 'Google Analytics', expires: '2 years', purpose: 'A test entry.' });
    expect(byName['_hjSessionUser_42']).toMatchObject({ category: 'analytics', provider: 'Hotjar', expires: '1 year' });
    // Not requested (script write not seen): the stored lifetime, rounded up to the day.
    expect(byName['_fbp']).toMatchObject({ category: 'marketing', expires: '90 days' });
    expect(byName['fr']).toMatchObject({ category: 'marketing', provider: 'Meta', domain: 'facebook.com' });
    // Nobody knows it: the placeholder keeps it under audit (it needs consent) until a person decides.
    expect(byName['session']).toMatchObject({ category: 'functional', expires: 'session', provider: 'first-party' });
    expect(byName['session']?.purpose).toBeUndefined();
  });

  it('falls back to the tracker list for a third-party cookie no database names', () => {
    expect(draft.cookies.find((c) => c.name === 'uid_sync')).toMatchObject({ category: 'marketing', provider: 'Google Marketing Platform', domain: 'doubleclick.net', expires: '30 days' });
    expect(text).toContain('# guess: its domain doubleclick.net belongs to Google (marketing) according to the tracker list');
  });

  it('marks every guess, and what nobody knows as UNKNOWN with a placeholder category', () => {
    expect(text).toContain('# guess: an analytics cookie of Google Analytics according to the known-cookie database (exact "_ga", https://example.com/cookies)');
    const unknown = text.split('\n').filter((l) => l.trim().startsWith('# UNKNOWN'));
    expect(unknown).toHaveLength(3); // session, sessionStorage cart_v2, cdn.unknown-vendor.example
    expect(text).toMatch(/# 3 entries are marked UNKNOWN/);
    // Never the exempt category, and the comment says what to decide.
    for (const line of unknown) {
      expect(line).toContain('"functional" is a placeholder that keeps it under audit (it needs consent): decide its category, necessary only if the site cannot work without it, and add a purpose');
    }
    // Entries come in category order, necessary first, as people write policies.
    expect(draft.storage.map((s) => [s.type, s.key, s.category])).toEqual([
      ['sessionStorage', 'cart_v2', 'functional'],
      ['localStorage', 'ab_variant', 'analytics'],
    ]);
  });

  it('groups third parties by organisation and category, each with the hosts it was seen on', () => {
    expect(draft.thirdParties.map((t) => [t.name, t.domains, t.category])).toEqual([
      ['unknown-vendor.example', ['unknown-vendor.example'], 'functional'],
      ['Hotjar', ['hotjar.com'], 'analytics'],
      ['Google Marketing Platform', ['doubleclick.net'], 'marketing'],
      ['Meta', ['facebook.com', 'facebook.net'], 'marketing'],
    ]);
    expect(text).toContain('# seen: www.facebook.com (2 request(s), cookies fr); connect.facebook.net (1 request(s))');
  });

  it('keeps text from the site on one comment line', () => {
    expect(text).not.toMatch(/^EVIL/m);
    expect(text).toContain('set by header https://www.facebook.com/tr EVIL: yes');
  });

  it('is deterministic', () => {
    expect(draftManifest([evidence], testKnowledge(), { accept: { selector: '#accept-all' }, reject: { selector: '#reject-all' } })).toBe(text);
  });

  it('says what is missing when no consent selectors were given', () => {
    const bare = draftManifest([evidence], testKnowledge());
    expect(parsePolicy(bare, 'd.yaml').consent).toEqual({ beforeConsent: ['necessary'] });
    expect(bare).toContain('# TODO: add accept / reject');
  });
});

describe('declaredLifetime', () => {
  it('is the longest requested lifetime, else the stored one rounded up, else session', () => {
    expect(declaredLifetime([cookie('a', { lifetimeSeconds: 100, requestedLifetimeSeconds: 1800 }), cookie('a', { lifetimeSeconds: 3000 })])).toBe(3000);
    expect(declaredLifetime([cookie('a', { lifetimeSeconds: 1795 })])).toBe(1800);
    expect(declaredLifetime([cookie('a', { lifetimeSeconds: 5000 })])).toBe(7200);
    expect(declaredLifetime([cookie('a', { lifetimeSeconds: 3 * DAY - 10 })])).toBe(3 * DAY);
    expect(declaredLifetime([cookie('a', { lifetimeSeconds: null, requestedLifetimeSeconds: null })])).toBeNull();
  });
});
