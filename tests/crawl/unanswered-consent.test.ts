/**
 * When a consent phase that gave no answer leaves the audit incomplete (issue 26): never a silent pass on a
 * site whose policy declares what needs consent, unless its manifest says it has no banner by design.
 */
import { describe, expect, it } from 'vitest';
import { unansweredConsent } from '../../src/crawl/phase.js';
import type { ConsentAttempt } from '../../src/evidence/types.js';
import { policy } from '../audit/factories.js';

const NONE_FOUND: ConsentAttempt = {
  action: 'reject',
  method: 'none',
  platform: null,
  succeeded: false,
  bannerSeen: false,
  tried: ['manifest: no consent.reject selector', 'autoconsent 16.23.0: no consent platform recognised', 'tried what a visitor does: mouse movement, scroll, focus'],
  note: 'No consent banner was found.',
};

const analytics = policy({ cookies: [{ name: 'sid', category: 'necessary' }, { name: '_ga', category: 'analytics' }], thirdParties: [{ name: 'Meta', domains: ['facebook.com'], category: 'marketing' }] });

describe('a consent phase that found no banner', () => {
  it('leaves the audit incomplete when the policy declares what needs consent, saying what was looked for and how to fix it', () => {
    const why = unansweredConsent(NONE_FOUND, analytics);
    expect(why).toContain('no consent banner was found to refuse consent on, yet the policy declares what needs consent (_ga (analytics), Meta (marketing))');
    expect(why).toContain('Looked for: autoconsent 16.23.0: no consent platform recognised; tried what a visitor does: mouse movement, scroll, focus.');
    expect(why).toContain('consent: { banner: none }');
    expect(unansweredConsent({ ...NONE_FOUND, action: 'accept' }, analytics)).toContain('to give consent on');
  });

  it('is evidence for the rules only when the manifest says the site has no banner, or nothing declared needs consent', () => {
    expect(unansweredConsent(NONE_FOUND, { ...analytics, consent: { ...analytics.consent, banner: 'none' } })).toBeUndefined();
    expect(unansweredConsent(NONE_FOUND, policy({ cookies: [{ name: 'sid', category: 'necessary' }] }))).toBeUndefined();
    // Categories the manifest allows before consent need none.
    expect(unansweredConsent(NONE_FOUND, policy({ cookies: [{ name: '_ga', category: 'analytics' }], beforeConsent: ['necessary', 'analytics'] }))).toBeUndefined();
  });

  it('a banner that was seen but could not be operated always leaves the phase without its answer', () => {
    const seen: ConsentAttempt = { ...NONE_FOUND, bannerSeen: true, note: 'A consent banner was seen, but could not be operated.' };
    expect(unansweredConsent(seen, policy())).toBe('A consent banner was seen, but could not be operated.');
    expect(unansweredConsent({ ...NONE_FOUND, method: 'heuristic', note: 'stayed open' }, policy())).toBe('stayed open');
  });
});
