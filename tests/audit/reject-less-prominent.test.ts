import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/reject-less-prominent.js';
import { contrastRatio } from '../../src/consent/contrast.js';
import type { BannerControl } from '../../src/consent/types.js';
import { EMPTY_POLICY, SITE_URL, banner, bannerSite, click, control } from './factories.js';

const ACCEPT = control('accept', 'Accept all');
const withReject = (reject: BannerControl, accept: BannerControl = ACCEPT) => {
  const shown = banner({ controls: [accept, reject] });
  return bannerSite({ reject: { banner: shown }, accept: { banner: shown } });
};
const audit = (evidence: ReturnType<typeof bannerSite>) => rule.audit({ site: evidence, policy: EMPTY_POLICY });

describe('reject-less-prominent', () => {
  it('reports refusal as a small, faint link in running text beside an accept button, with both measurements', () => {
    const link = control('reject', 'Refuse', { element: 'link', box: { x: 10, y: 640, width: 44, height: 16 }, fontSizePx: 12, color: 'rgb(153, 153, 153)', background: 'rgb(255, 255, 255)', contrast: 2.85 });
    expect(audit(withReject(link))).toEqual([
      {
        ruleId: 'reject-less-prominent',
        phase: 'reject',
        page: SITE_URL,
        item: { type: 'consent', name: 'reject' },
        message:
          'The banner\'s refusal control "Refuse" (link, 44×16 px, 12 px text, contrast 2.85) is weaker than its accept control "Accept all" (button, 120×40 px, 16 px text, contrast 4.5): ' +
          "it is a link where accepting is a button; its box has 15 % of the accept control's area; its text is 12 px where accepting's is 16 px; " +
          "its text contrast of 2.85:1 is under 3:1. Give refusing the same form, size and weight as accepting.",
        evidence: {
          rejectText: 'Refuse',
          rejectRole: 'reject',
          rejectElement: 'link',
          rejectArea: 704,
          rejectFontSizePx: 12,
          rejectContrast: 2.85,
          acceptText: 'Accept all',
          acceptElement: 'button',
          acceptArea: 4800,
          acceptFontSizePx: 16,
          acceptContrast: 4.5,
        },
      },
    ]);
  });

  it.each([
    ['a link where accept is a button', { element: 'link' as const }, 'it is a link where accepting is a button'],
    ['under half the area', { box: { x: 0, y: 0, width: 80, height: 29 } }, "its box has 48 % of the accept control's area"],
    ['a markedly smaller font', { fontSizePx: 13 }, "its text is 13 px where accepting's is 16 px"],
    ['much lower contrast', { contrast: 2.6 }, "its text contrast is 2.6:1 where accepting's is 4.5:1"],
  ])('fires on %s alone', (_what, overrides, reason) => {
    const [finding] = audit(withReject(control('reject', 'Reject all', overrides)));
    expect(finding?.message).toContain(`: ${reason}. Give refusing`);
  });

  it('fires on a refusal under the contrast floor where accepting is above it, even when the ratio rule would not', () => {
    const [finding] = audit(withReject(control('reject', 'Reject all', { contrast: 2.9 }), control('accept', 'Accept all', { contrast: 3.2 })));
    expect(finding?.message).toContain('its text contrast of 2.9:1 is under 3:1');
  });

  it('is quiet on equal buttons and on differences under the thresholds', () => {
    expect(audit(bannerSite())).toEqual([]);
    // 60 % of the area, 14 px against 16 px, 3.5:1 against 4.5:1; a link beside a link.
    expect(audit(withReject(control('reject', 'Reject all', { box: { x: 0, y: 0, width: 96, height: 30 }, fontSizePx: 14, contrast: 3.5 })))).toEqual([]);
    expect(audit(withReject(control('reject', 'Reject all', { element: 'link' }), control('accept', 'Accept all', { element: 'link' })))).toEqual([]);
    // A stronger refusal is no problem.
    expect(audit(withReject(control('reject', 'Reject all', { fontSizePx: 20, contrast: 12 })))).toEqual([]);
  });

  it('draws each line at its threshold: exactly half the area, 85 % of the font and 60 % of the contrast pass, a hair under fails', () => {
    const at = { box: { x: 0, y: 0, width: 60, height: 40 }, fontSizePx: 13.6, contrast: 3 };
    expect(audit(withReject(control('reject', 'Reject all', at), control('accept', 'Accept all', { contrast: 5 })))).toEqual([]);
    const under = (overrides: Partial<BannerControl>) => audit(withReject(control('reject', 'Reject all', { ...at, ...overrides }), control('accept', 'Accept all', { contrast: 5 })))[0]?.message ?? '';
    expect(under({ box: { x: 0, y: 0, width: 59, height: 40 } })).toContain("its box has 49 % of the accept control's area");
    expect(under({ fontSizePx: 13.5 })).toContain("its text is 13.5 px where accepting's is 16 px");
    expect(under({ contrast: 2.99 })).toContain("its text contrast is 2.99:1 where accepting's is 5:1");
  });

  it('judges contrast as measured from the colours a page paints: grey #aaa on white against white on green', () => {
    const white = { r: 255, g: 255, b: 255, a: 1 };
    const grey = contrastRatio({ r: 170, g: 170, b: 170, a: 1 }, white);
    const green = contrastRatio(white, { r: 0x1a, g: 0x7f, b: 0x37, a: 1 });
    expect([grey, green]).toEqual([2.32, 5.08]);
    const [finding] = audit(withReject(control('reject', 'continue without accepting', { contrast: grey }), control('accept', 'Accept all cookies', { contrast: green })));
    expect(finding?.message).toContain("its text contrast is 2.32:1 where accepting's is 5.08:1");
  });

  it('does not compare measurements that are missing (zero)', () => {
    expect(audit(withReject(control('reject', 'Reject all', { box: { x: 0, y: 0, width: 0, height: 0 }, fontSizePx: 0, contrast: 0 })))).toEqual([]);
  });

  it('judges the control the reject phase started with when the first layer has no reject button', () => {
    const settings = control('settings', 'Manage options', { element: 'link', fontSizePx: 11 });
    const shown = banner({ controls: [ACCEPT, settings] });
    const evidence = bannerSite({ reject: { banner: shown, clicks: [click('settings', 'Manage options'), click('reject', 'Reject all', { layer: 'second' })] }, accept: { banner: shown } });
    const [finding] = audit(evidence);
    expect(finding?.evidence).toMatchObject({ rejectText: 'Manage options', rejectRole: 'settings', rejectElement: 'link' });
  });

  it('stays silent on a banner with no refusal at all (no-reject-option), and without a banner', () => {
    const acceptOnly = banner({ controls: [control('accept', 'OK')] });
    expect(audit(bannerSite({ reject: { banner: acceptOnly, refusal: 'impossible', clicks: [] }, accept: { banner: acceptOnly } }))).toEqual([]);
    expect(audit(bannerSite({ reject: { banner: undefined }, accept: { banner: undefined } }))).toEqual([]);
  });
});
