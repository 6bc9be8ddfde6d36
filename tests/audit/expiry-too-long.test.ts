import { describe, expect, it } from 'vitest';
import { MAX_LIFETIME_SECONDS, rule } from '../../src/audit/rules/expiry-too-long.js';
import { DAY, EMPTY_POLICY, cookie, phase, policy, site } from './factories.js';

describe('expiry-too-long', () => {
  it('reports a cookie stored for more than 13 months, naming the cap when the site asked for more', () => {
    const ga = cookie('_ga', { domain: '.demo.test', lifetimeSeconds: 400 * DAY, requestedLifetimeSeconds: 2 * 365 * DAY });
    const evidence = site([phase('pre', { cookies: [ga] }), phase('accept', { cookies: [ga] })]);
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY })).toEqual([
      {
        ruleId: 'expiry-too-long',
        phase: 'pre',
        page: 'https://demo.test/',
        item: { type: 'cookie', name: '_ga', domain: '.demo.test' },
        message:
          'Cookie "_ga" (.demo.test) was requested for 2 years and is stored for 400 days (Chromium caps cookies at 400 days), more than the 13-month (395-day) maximum; set its expiry to 13 months or less.',
        evidence: { storedSeconds: 400 * DAY, requestedSeconds: 2 * 365 * DAY, limitSeconds: MAX_LIFETIME_SECONDS },
      },
    ]);
  });

  it('does not mention the request when it matches what was stored', () => {
    const c = cookie('c', { lifetimeSeconds: 398 * DAY - 5, requestedLifetimeSeconds: 398 * DAY });
    const [finding] = rule.audit({ site: site([phase('pre', { cookies: [c] })]), policy: EMPTY_POLICY });
    expect(finding?.message).toBe(
      'Cookie "c" (demo.test) is stored for 398 days, more than the 13-month (395-day) maximum; set its expiry to 13 months or less.',
    );
  });

  it('also fires when only the requested lifetime exceeds 13 months', () => {
    const c = cookie('c', { lifetimeSeconds: 300 * DAY, requestedLifetimeSeconds: 5 * 365 * DAY });
    const findings = rule.audit({ site: site([phase('pre', { cookies: [c] })]), policy: EMPTY_POLICY });
    expect(findings.map((f) => f.message)).toEqual([
      'Cookie "c" (demo.test) was requested for 5 years and is stored for 300 days (Chromium caps cookies at 400 days), more than the 13-month (395-day) maximum; set its expiry to 13 months or less.',
    ]);
  });

  it('leaves 13 months exactly, session cookies and cookies without a known request alone', () => {
    const evidence = site([
      phase('accept', {
        cookies: [
          cookie('a', { lifetimeSeconds: MAX_LIFETIME_SECONDS }),
          cookie('b', { lifetimeSeconds: null, requestedLifetimeSeconds: null }),
          cookie('c', { lifetimeSeconds: 30 * DAY }),
        ],
      }),
    ]);
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY })).toEqual([]);
  });

  it('attaches the declaration when the cookie is declared', () => {
    const manifest = policy({ cookies: [{ name: '_ga', category: 'analytics' }] });
    const evidence = site([phase('accept', { cookies: [cookie('_ga', { lifetimeSeconds: 400 * DAY })] })]);
    expect(rule.audit({ site: evidence, policy: manifest })[0]?.declaration).toMatchObject({ kind: 'cookie', name: '_ga' });
  });
});
