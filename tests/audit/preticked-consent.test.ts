import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/preticked-consent.js';
import { EMPTY_POLICY, SITE_URL, banner, bannerSite, policy, toggle } from './factories.js';

const withToggles = (...toggles: ReturnType<typeof toggle>[]) => bannerSite({ reject: { banner: banner({ toggles }) } });

describe('preticked-consent', () => {
  it('reports a toggle for a purpose that needs consent that was on before the visitor touched it', () => {
    const evidence = withToggles(toggle('Necessary', { category: 'necessary', checked: true, disabled: true }), toggle('Analytics', { category: 'analytics', checked: true }));
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY })).toEqual([
      {
        ruleId: 'preticked-consent',
        phase: 'reject',
        page: SITE_URL,
        item: { type: 'consent', name: 'toggle Analytics' },
        message:
          'The banner\'s "Analytics" toggle was already on before the visitor touched it (analytics is not strictly necessary). ' +
          'Consent must be an active choice: leave it off until the visitor switches it on.',
        evidence: { label: 'Analytics', category: 'analytics', checked: true, disabled: false, selector: '#toggle-analytics' },
      },
    ]);
  });

  it('reports a switched-on toggle locked on for a purpose that needs consent, and one whose label names no category', () => {
    const evidence = withToggles(toggle('Advertising partners', { category: 'marketing', checked: true, disabled: true }), toggle('Legitimate interest', { checked: true }));
    const findings = rule.audit({ site: evidence, policy: EMPTY_POLICY });
    expect(findings.map((f) => f.item.name)).toEqual(['toggle Advertising partners', 'toggle Legitimate interest']);
    expect(findings[0]?.message).toContain('toggle was on and locked before the visitor touched it');
    expect(findings[1]?.message).toContain('its label names no category, so it counts as needing consent');
  });

  it('is quiet for toggles off until touched, necessary ones, a locked one without a category, and categories the manifest allows before consent', () => {
    const evidence = withToggles(
      toggle('Strictly necessary', { category: 'necessary', checked: true, disabled: true }),
      toggle('Always active', { checked: true, disabled: true }),
      toggle('Analytics', { category: 'analytics' }),
      toggle('Marketing', { category: 'marketing' }),
      toggle('Preferences', { category: 'functional', checked: true }),
    );
    const lenient = policy({ beforeConsent: ['necessary', 'functional'] });
    expect(rule.audit({ site: evidence, policy: lenient })).toEqual([]);
    // Under the default allowance the functional toggle does need consent.
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY }).map((f) => f.item.name)).toEqual(['toggle Preferences']);
    // No settings layer opened: nothing to judge.
    expect(rule.audit({ site: bannerSite(), policy: EMPTY_POLICY })).toEqual([]);
  });

  it('reports a toggle once, at the first phase that saw it', () => {
    const toggles = [toggle('Analytics', { category: 'analytics', checked: true })];
    const evidence = bannerSite({ reject: { banner: banner({ toggles }) }, accept: { banner: banner({ toggles }) } });
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY }).map((f) => [f.phase, f.item.name])).toEqual([['reject', 'toggle Analytics']]);
    const acceptOnly = bannerSite({ accept: { banner: banner({ toggles }) } });
    expect(rule.audit({ site: acceptOnly, policy: EMPTY_POLICY }).map((f) => f.phase)).toEqual(['accept']);
  });
});
