import { describe, expect, it } from 'vitest';
import { classifyCookie, classifyRequest, classifySite, classifyStorage } from '../../src/knowledge/classify.js';
import { NO_KNOWLEDGE } from '../../src/knowledge/knowledge.js';
import { cookie, phase, policy, site, storage } from '../audit/factories.js';
import { testKnowledge } from './factory.js';

const knowledge = testKnowledge();
const manifest = policy({
  cookies: [{ name: '_hjSessionUser_*', category: 'necessary' }],
  storage: [{ key: 'prefs', type: 'localStorage', category: 'functional' }],
  thirdParties: [{ name: 'Stripe', domains: ['stripe.com'], category: 'necessary' }],
});

describe('classifying cookies: manifest > database > tracker list > unknown', () => {
  it('takes the manifest\'s category when the cookie is declared, and still reports what the database knows', () => {
    const c = classifyCookie(cookie('_hjSessionUser_123', { domain: '.demo.test' }), manifest, 'demo.test', knowledge);
    expect(c).toMatchObject({ category: 'necessary', source: 'manifest', declaration: { kind: 'cookie', index: 0 }, known: { vendor: 'Hotjar', category: 'analytics' } });
  });

  it('takes the known-cookie database\'s category for an undeclared cookie', () => {
    expect(classifyCookie(cookie('_fbp', { domain: '.demo.test' }), manifest, 'demo.test', knowledge)).toMatchObject({
      category: 'marketing',
      source: 'database',
      known: { vendor: 'Meta Pixel', database: 'built-in' },
    });
  });

  it('falls back to the tracker list for a third-party cookie on a tracker domain', () => {
    const c = classifyCookie(cookie('uid_sync', { domain: '.doubleclick.net', party: 'third' }), manifest, 'demo.test', knowledge);
    expect(c).toMatchObject({ category: 'marketing', source: 'tracker-list', tracker: { domain: 'doubleclick.net', organisation: 'Google' } });
    expect(c.known).toBeUndefined();
  });

  it('never treats the site as a tracker on itself', () => {
    const c = classifyCookie(cookie('pref', { domain: '.facebook.com' }), policy(), 'facebook.com', knowledge);
    expect(c).toEqual({ category: null, source: 'unknown' });
  });

  it('leaves a cookie nobody knows unknown (category null)', () => {
    expect(classifyCookie(cookie('mystery'), manifest, 'demo.test', knowledge)).toEqual({ category: null, source: 'unknown' });
    expect(classifyCookie(cookie('_fbp'), manifest, 'demo.test', NO_KNOWLEDGE)).toEqual({ category: null, source: 'unknown' });
  });

  it('classifies storage by declaration, then by key, then by the origin when it is a third-party tracker', () => {
    expect(classifyStorage(storage('prefs'), manifest, 'demo.test', knowledge)).toMatchObject({ category: 'functional', source: 'manifest' });
    expect(classifyStorage(storage('ab_variant'), manifest, 'demo.test', knowledge)).toMatchObject({ category: 'analytics', source: 'database' });
    expect(classifyStorage(storage('_hjRecording', { origin: 'https://insights.hotjar.com', party: 'third' }), manifest, 'demo.test', knowledge)).toMatchObject({
      category: 'analytics',
      source: 'tracker-list',
    });
    expect(classifyStorage(storage('cart'), manifest, 'demo.test', knowledge)).toEqual({ category: null, source: 'unknown' });
  });

  it('classifies a request by the manifest\'s third parties, else the tracker list', () => {
    expect(classifyRequest({ url: 'https://js.stripe.com/v3/' }, manifest, 'demo.test', knowledge)).toMatchObject({
      host: 'js.stripe.com',
      category: 'necessary',
      source: 'manifest',
      tracker: { organisation: 'Stripe' },
    });
    expect(classifyRequest({ url: 'https://www.google-analytics.com/g/collect' }, manifest, 'demo.test', knowledge)).toMatchObject({
      category: 'analytics',
      source: 'tracker-list',
    });
    expect(classifyRequest({ url: 'https://cdn.example.org/lib.js' }, manifest, 'demo.test', knowledge)).toEqual({ host: 'cdn.example.org', category: null, source: 'unknown' });
  });
});

describe('classifySite', () => {
  const evidence = site([
    phase(
      'pre',
      { cookies: [cookie('_fbp', { domain: '.demo.test' }), cookie('session')], storage: [storage('prefs')] },
      {
        requests: [
          { url: 'https://www.google-analytics.com/g/collect', method: 'POST', resourceType: 'ping', frameUrl: 'https://demo.test/', party: 'third', firstSeenPage: 'https://demo.test/', count: 1 },
          { url: 'https://demo.test/app.js', method: 'GET', resourceType: 'script', frameUrl: 'https://demo.test/', party: 'first', firstSeenPage: 'https://demo.test/', count: 1 },
        ],
      },
    ),
  ]);

  it('gives every cookie and storage entry its category and source, and every tracker request its facts', () => {
    const classified = classifySite(evidence, manifest, knowledge);
    const pre = classified.phases[0]!;
    expect(pre.cookies.map((c) => [c.name, c.classification])).toEqual([
      ['_fbp', { category: 'marketing', source: 'database', vendor: 'Meta Pixel' }],
      ['session', { category: null, source: 'unknown' }],
    ]);
    expect(pre.storage[0]?.classification).toEqual({ category: 'functional', source: 'manifest' });
    expect(pre.requests.map((r) => r.tracker)).toEqual([{ organisation: 'Google', category: 'analytics', source: 'cookie-audit' }, undefined]);
  });

  it('returns new evidence and leaves its input untouched', () => {
    const before = JSON.stringify(evidence);
    classifySite(evidence, manifest, knowledge);
    expect(JSON.stringify(evidence)).toBe(before);
  });
});
