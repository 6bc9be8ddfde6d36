import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/reject-harder-than-accept.js';
import { EMPTY_POLICY, SITE_URL, banner, bannerSite, click, control, phase, site } from './factories.js';

const audit = (evidence: ReturnType<typeof bannerSite>) => rule.audit({ site: evidence, policy: EMPTY_POLICY });
const twoLayer = banner({ controls: [control('accept', 'Accept all'), control('settings', 'Customise')] });
const refusedInSettings = [
  click('settings', 'Customise'),
  click('toggle', 'Analytics', { layer: 'second' }),
  click('save', 'Save choices', { layer: 'second' }),
];

describe('reject-harder-than-accept', () => {
  it('reports refusal through the settings layer against a one-click accept, from the clicks each phase made', () => {
    const evidence = bannerSite({ reject: { banner: twoLayer, clicks: refusedInSettings }, accept: { banner: twoLayer } });
    expect(audit(evidence)).toEqual([
      {
        ruleId: 'reject-harder-than-accept',
        phase: 'reject',
        page: SITE_URL,
        item: { type: 'consent', name: 'reject' },
        message:
          'Refusing consent takes 3 clicks ("Customise" → switch off "Analytics" → "Save choices") while accepting takes 1 click ("Accept all"). ' +
          'Offer a reject-all button on the first layer of the banner, as easy to reach as accept-all.',
        evidence: {
          rejectClicks: 3,
          acceptClicks: 1,
          rejectPath: '"Customise" → switch off "Analytics" → "Save choices"',
          acceptPath: '"Accept all"',
          rejectCountedFrom: 'clicks',
          acceptCountedFrom: 'clicks',
        },
      },
    ]);
  });

  it('reads the first layer where a phase gave no count: accept there, refusal only behind the settings', () => {
    // The accept phase never ran; the reject phase was operated by a platform rule that reports no clicks.
    const evidence = site([phase('pre'), phase('reject', {}, { consent: { action: 'reject', method: 'autoconsent', platform: 'Klaro', succeeded: true, banner: twoLayer, note: 'ok' } })]);
    const [finding] = audit(evidence);
    expect(finding?.message).toBe(
      'Refusing consent takes at least 2 clicks ("Customise", then a choice in the settings layer) while accepting takes 1 click ("Accept all"). ' +
        'Offer a reject-all button on the first layer of the banner, as easy to reach as accept-all.',
    );
    expect(finding?.evidence).toMatchObject({ rejectClicks: 2, acceptClicks: 1, rejectCountedFrom: 'first layer', acceptCountedFrom: 'first layer' });
  });

  it('is quiet for the compliant banner: one click each, or refusal on the first layer', () => {
    expect(audit(bannerSite())).toEqual([]);
    expect(audit(bannerSite({ reject: { clicks: undefined, method: 'autoconsent' }, accept: null }))).toEqual([]);
    // Accepting through the settings too is no asymmetry.
    const both = bannerSite({ reject: { banner: twoLayer, clicks: refusedInSettings.slice(0, 2) }, accept: { banner: twoLayer, clicks: [click('settings', 'Customise'), click('accept', 'Accept all', { layer: 'second' })] } });
    expect(audit(both)).toEqual([]);
  });

  it('stays silent on a banner that offers no refusal at all (no-reject-option reports it)', () => {
    const acceptOnly = banner({ controls: [control('accept', 'OK')] });
    const evidence = bannerSite({ reject: { banner: acceptOnly, refusal: 'impossible', clicks: [], succeeded: true }, accept: { banner: acceptOnly } });
    expect(audit(evidence)).toEqual([]);
  });

  it('says nothing without a way to count: no banner, a failed refusal with nothing on the first layer, or a failed phase', () => {
    expect(audit(site([phase('pre'), phase('reject', {}, { consent: { action: 'reject', method: 'none', succeeded: false, note: 'none' } })]))).toEqual([]);
    const noControls = banner({ controls: [] });
    expect(audit(bannerSite({ reject: { banner: noControls, succeeded: false }, accept: { banner: noControls, succeeded: false } }))).toEqual([]);
    const failed = bannerSite({ reject: { banner: twoLayer, clicks: refusedInSettings } });
    failed.phases = failed.phases.map((p) => (p.phase === 'reject' ? { ...p, status: 'failed' as const } : p));
    // The reject phase's evidence does not count; the accept phase's banner still shows the first layer.
    expect(audit(failed)).toEqual([]);
  });
});
