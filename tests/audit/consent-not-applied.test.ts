import { describe, expect, it } from 'vitest';
import { rule } from '../../src/audit/rules/consent-not-applied.js';
import type { ConsentAttempt } from '../../src/evidence/types.js';
import { EMPTY_POLICY, SITE_URL, phase, site } from './factories.js';

const operated: ConsentAttempt = {
  action: 'reject',
  method: 'autoconsent',
  platform: 'Klaro',
  succeeded: true,
  bannerShownAfterConsent: false,
  selfTest: true,
  note: "autoconsent's Klaro rule refused consent on the banner.",
};

function audit(...attempts: ConsentAttempt[]) {
  return rule.audit({ site: site(attempts.map((consent) => phase(consent.action, {}, { consent }))), policy: EMPTY_POLICY });
}

describe('consent-not-applied', () => {
  it('is quiet when the choice took: clicked, banner gone, refusal stored', () => {
    expect(audit(operated, { ...operated, action: 'accept' })).toEqual([]);
  });

  it('warns when the banner came back after the reload, with what autoconsent did', () => {
    expect(audit({ ...operated, bannerShownAfterConsent: true })).toEqual([
      {
        ruleId: 'consent-not-applied',
        phase: 'reject',
        page: SITE_URL,
        item: { type: 'consent', name: 'reject' },
        message:
          "Rejecting all through autoconsent's Klaro rule did not take effect: the banner was still shown after the click, or came back after the reload. " +
          'The reject phase shows a visitor whose choice was not applied; make the banner store the choice and close.',
        evidence: { method: 'autoconsent', platform: 'Klaro', succeeded: true, bannerShownAfterConsent: true, selfTest: true },
      },
    ]);
  });

  it('warns when the platform reports failure, or its self-test finds no stored refusal', () => {
    const [failed] = audit({ ...operated, succeeded: false });
    expect(failed?.message).toContain('the platform rule reported that it could not complete');
    const [unstored] = audit({ ...operated, selfTest: false });
    expect(unstored?.message).toContain("the platform's own check finds no stored refusal");
  });

  it('warns when the manifest selector could not be clicked, quoting why', () => {
    const [finding] = audit({
      action: 'accept',
      method: 'selector',
      selector: '#accept-all',
      succeeded: false,
      note: 'Clicking "#accept-all" from the manifest\'s consent.accept was not found or not clickable within 10000 ms.',
    });
    expect(finding).toMatchObject({ phase: 'accept', item: { type: 'consent', name: 'accept' }, evidence: { method: 'selector', selector: '#accept-all', succeeded: false } });
    expect(finding?.message).toMatch(/^Accepting all through the manifest's consent\.accept \(#accept-all\) did not take effect: the click did not happen: Clicking "#accept-all"/);
  });

  it('leaves a banner that was never found to no-consent-banner', () => {
    expect(audit({ action: 'reject', method: 'none', platform: null, succeeded: false, note: 'No consent banner was found.' })).toEqual([]);
  });

  it('reads only completed phases', () => {
    const evidence = site([phase('reject', {}, { status: 'failed', consent: { ...operated, succeeded: false } })]);
    expect(rule.audit({ site: evidence, policy: EMPTY_POLICY })).toEqual([]);
  });
});
