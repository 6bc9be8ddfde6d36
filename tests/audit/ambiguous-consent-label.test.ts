import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/ambiguous-consent-label.js';
import { EMPTY_POLICY, SITE_URL, banner, bannerSite, click, control } from './factories.js';

const audit = (evidence: ReturnType<typeof bannerSite>) => rule.audit({ site: evidence, policy: EMPTY_POLICY });
const acceptedWith = (text: string, role: 'accept' | 'close' = 'accept') => bannerSite({ accept: { clicks: [click(role, text)] } });

describe('ambiguous-consent-label', () => {
  it('reports the control that gave consent when it only says "OK"', () => {
    expect(audit(acceptedWith('OK'))).toEqual([
      {
        ruleId: 'ambiguous-consent-label',
        phase: 'accept',
        page: SITE_URL,
        item: { type: 'consent', name: 'accept' },
        message: 'The control that gives consent says only "OK", which does not tell the visitor they agree to cookies. Label it with what it does, such as "Accept all cookies".',
        evidence: { text: 'OK', role: 'accept', selector: '#accept', judgedOn: 'click', listedIn: 'en, de, fr, es, it, nl, pt, pl, sv, da' },
      },
    ]);
  });

  it.each([
    ['Got it!', 'en'],
    ['OK, verstanden', 'de'],
    ["J\u2019ai compris", 'fr'],
    ['Entendido', 'es'],
    ['Ho capito', 'it'],
    ['Begrepen', 'nl'],
    ['Percebi', 'pt'],
    ['Rozumiem', 'pl'],
    ['Jag förstår', 'sv'],
    ['Forstået', 'da'],
    ['  CONTINUE →', 'en'],
  ])('knows %j (%s)', (text, language) => {
    const [finding] = audit(acceptedWith(text));
    expect(String(finding?.evidence?.['listedIn'])).toContain(language);
  });

  it('reports a lone ✕ that accepts, and a control with no text at all', () => {
    expect(audit(acceptedWith('✕', 'close'))[0]?.evidence).toMatchObject({ text: '✕', role: 'close', listedIn: 'symbol' });
    expect(audit(acceptedWith('', 'accept'))[0]?.message).toContain('The control that gives consent has no text at all');
  });

  it('judges the first layer\u2019s accept controls when the clicks are unknown', () => {
    const shown = banner({ controls: [control('accept', 'Continue'), control('reject', 'Reject all')] });
    const evidence = bannerSite({ reject: { banner: shown }, accept: { banner: shown, method: 'autoconsent', clicks: undefined } });
    expect(audit(evidence)[0]?.evidence).toMatchObject({ text: 'Continue', judgedOn: 'first layer' });
  });

  it('is quiet when the control says it gives consent, in any language, or contains an ambiguous word among others', () => {
    for (const text of ['Accept all', 'Alle akzeptieren', 'Tout accepter', 'Aceptar todo', 'OK, accept all cookies', 'I agree', 'Zgadzam się', 'Godkänn alla', 'Close and accept']) {
      expect(audit(acceptedWith(text)), text).toEqual([]);
    }
    expect(audit(bannerSite())).toEqual([]);
    // The reject phase's clicks are not consent.
    expect(audit(bannerSite({ reject: { clicks: [click('close', '✕')] } }))).toEqual([]);
  });
});
