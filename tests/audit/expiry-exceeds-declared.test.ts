import { describe, expect, it } from 'vitest';
import { exceedsDeclared, rule, toleranceSeconds } from '../../src/audit/rules/expiry-exceeds-declared.js';
import { DAY, cookie, phase, policy, site } from './factories.js';

const manifest = policy({
  cookies: [
    { name: '_ga', category: 'analytics', expires: '13 months', expiresSeconds: 395 * DAY },
    { name: 'session', category: 'necessary', expires: 'session', expiresSeconds: null },
    { name: 'pref', category: 'functional', expiresSeconds: 30 * DAY },
    { name: 'undated', category: 'functional' },
  ],
  thirdParties: [{ name: 'Ads', domains: ['ads.example'], category: 'marketing' }],
});

describe('exceedsDeclared', () => {
  it('tolerates an hour, or 1 % for long lifetimes', () => {
    expect(toleranceSeconds(DAY)).toBe(3600);
    expect(toleranceSeconds(400 * DAY)).toBe(4 * DAY);
    expect(exceedsDeclared(DAY + 3600, DAY)).toBe(false);
    expect(exceedsDeclared(DAY + 3601, DAY)).toBe(true);
  });

  it('never fires for a session cookie, always for a persistent cookie declared as session', () => {
    expect(exceedsDeclared(null, 60)).toBe(false);
    expect(exceedsDeclared(null, null)).toBe(false);
    expect(exceedsDeclared(60, null)).toBe(true);
  });
});

describe('expiry-exceeds-declared', () => {
  it('reports a cookie stored for longer than declared, with stored and requested lifetimes in words', () => {
    const ga = cookie('_ga', { lifetimeSeconds: 400 * DAY, requestedLifetimeSeconds: 2 * 365 * DAY });
    const evidence = site([phase('pre', { cookies: [ga] }), phase('accept', { cookies: [ga] })]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([
      {
        ruleId: 'expiry-exceeds-declared',
        phase: 'pre',
        page: 'https://demo.test/',
        item: { type: 'cookie', name: '_ga', domain: 'demo.test' },
        message:
          'Cookie "_ga" (demo.test) is stored for 400 days (requested 2 years) but the policy declares "13 months"; shorten the cookie\'s lifetime or correct the declared expiry.',
        declaration: { kind: 'cookie', index: 0, name: '_ga', category: 'analytics' },
        evidence: { declaredSeconds: 395 * DAY, storedSeconds: 400 * DAY, requestedSeconds: 2 * 365 * DAY },
      },
    ]);
  });

  it('stays quiet within the tolerance', () => {
    const evidence = site([phase('pre', { cookies: [cookie('_ga', { lifetimeSeconds: 395 * DAY + 3 * DAY })] })]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([]);
  });

  it('reports a persistent cookie declared as session, never a session cookie', () => {
    const evidence = site([
      phase('pre', { cookies: [cookie('session', { lifetimeSeconds: 7 * DAY }), cookie('pref', { lifetimeSeconds: null })] }),
    ]);
    const findings = rule.audit({ site: evidence, policy: manifest });
    expect(findings.map((f) => f.item.name)).toEqual(['session']);
    expect(findings[0]?.message).toContain('is stored for 7 days but the policy declares "session"');
    expect(findings[0]?.evidence).toEqual({ declaredSeconds: null, storedSeconds: 7 * DAY });
  });

  it('formats the declared lifetime when the manifest text is absent', () => {
    const evidence = site([phase('pre', { cookies: [cookie('pref', { lifetimeSeconds: 90 * DAY })] })]);
    expect(rule.audit({ site: evidence, policy: manifest })[0]?.message).toContain('but the policy declares 30 days;');
  });

  it('reports at the first phase where the lifetime exceeds, once', () => {
    const evidence = site([
      phase('pre', { cookies: [cookie('pref', { lifetimeSeconds: 30 * DAY })] }),
      phase('accept', { cookies: [cookie('pref', { lifetimeSeconds: 365 * DAY })] }),
      phase('gpc', { cookies: [cookie('pref', { lifetimeSeconds: 365 * DAY })] }),
    ]);
    expect(rule.audit({ site: evidence, policy: manifest }).map((f) => f.phase)).toEqual(['accept']);
  });

  it('skips cookies without a declared expiry, third-party matches and undeclared cookies', () => {
    const evidence = site([
      phase('pre', {
        cookies: [
          cookie('undated', { lifetimeSeconds: 999 * DAY }),
          cookie('IDE', { domain: '.ads.example', lifetimeSeconds: 999 * DAY }),
          cookie('nobody', { lifetimeSeconds: 999 * DAY }),
        ],
      }),
    ]);
    expect(rule.audit({ site: evidence, policy: manifest })).toEqual([]);
  });
});
