import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/no-withdraw-option.js';
import { EMPTY_POLICY, SITE_URL, bannerSite } from './factories.js';

const audit = (evidence: ReturnType<typeof bannerSite>) => rule.audit({ site: evidence, policy: EMPTY_POLICY });

describe('no-withdraw-option', () => {
  it('reports an accepted consent with nothing on the page to reopen the choices', () => {
    expect(audit(bannerSite({ accept: { reopen: null } }))).toEqual([
      {
        ruleId: 'no-withdraw-option',
        phase: 'accept',
        page: SITE_URL,
        item: { type: 'consent', name: 'accept' },
        message:
          'After consent was given, nothing on the page reopens the consent choices, so the visitor cannot withdraw it as easily as they gave it. ' +
          'Add a "Cookie settings" link to the footer of every page, or keep the consent platform\'s floating button.',
        evidence: { method: 'heuristic', reopen: null },
      },
    ]);
  });

  it('is quiet when a way back was found, when nobody looked, when consent was not given, and without an accept phase', () => {
    expect(audit(bannerSite())).toEqual([]);
    expect(audit(bannerSite({ accept: { reopen: undefined } }))).toEqual([]);
    expect(audit(bannerSite({ accept: { reopen: null, succeeded: false } }))).toEqual([]);
    expect(audit(bannerSite({ accept: null }))).toEqual([]);
  });
});
