/**
 * Consent through the manifest's selectors, in real Chromium through runPhase: screenshots of the banner
 * before and after the click, the banner's state after the click and the reload, and a selector that
 * matches nothing. (autoconsent on real libraries: tests/e2e/consent-*.test.ts.)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPhase } from '../../src/crawl/phase.js';
import type { Phase } from '../../src/evidence/types.js';
import { emptyPolicy } from '../../src/policy/load.js';
import type { ConsentStep } from '../../src/policy/types.js';
import { pngSize } from './png.js';
import { browserOnFixtures, ONE_PAGE } from './browser-on-fixtures.js';

const env = browserOnFixtures();

// One --timeout serves the page's load and the wait for each manifest control: generous where the test is
// about the click (on two busy cores the demo shop has taken over 3 s to load, and a start page that does not
// load is not operated), short enough where it waits for a control that never comes.
function scanPhase(phase: Phase, step: ConsentStep, screenshotDir: string, timeoutMs: number) {
  const policy = emptyPolicy();
  policy.consent = { ...policy.consent, reject: step, accept: step };
  return runPhase(
    env.launched.browser,
    phase,
    { siteDomain: 'demo-shop.test', pages: ['https://demo-shop.test/compliant/'], policy, discovery: ONE_PAGE },
    { timeoutMs, idleMs: 2000, includeValues: false, ignoreHttpsErrors: true, userAgent: env.launched.userAgent, screenshotDir },
  );
}

describe('consent through the manifest selector', () => {
  it('clicks it, pictures the page before and after, and sees the banner gone, also after the reload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-shots-'));
    const evidence = await scanPhase('reject', { selector: '#reject-all' }, dir, 60_000);
    expect(evidence.consent).toMatchObject({ method: 'selector', selector: '#reject-all', succeeded: true, bannerShownAfterConsent: false });
    expect(evidence.consent?.platform).toBeUndefined();
    // The banner the manifest's selector operates is read too: its controls outlined in a third picture.
    expect(evidence.consent?.screenshots).toEqual({ before: 'demo-shop.test-reject-before.png', outlined: 'demo-shop.test-reject-outlined.png', after: 'demo-shop.test-reject-after.png' });
    for (const file of ['demo-shop.test-reject-before.png', 'demo-shop.test-reject-outlined.png', 'demo-shop.test-reject-after.png']) {
      expect(pngSize(readFileSync(join(dir, file)))).toEqual({ width: 1280, height: 800 });
    }
    // Before and after differ: the banner was there, then it was not.
    expect(readFileSync(join(dir, 'demo-shop.test-reject-before.png')).equals(readFileSync(join(dir, 'demo-shop.test-reject-after.png')))).toBe(false);
    // What the banner looked like, and what reopens the choices after the reload: the footer's "Cookie settings".
    expect(evidence.consent?.banner?.controls.map((c) => `${c.role}: ${c.text}`)).toEqual(['reject: Reject all', 'accept: Accept all']);
    expect(evidence.consent?.reopen).toEqual({ text: 'Cookie settings', selector: '#cookie-settings' });
    rmSync(dir, { recursive: true, force: true });
  });

  it('says so when the selector matches nothing, takes no screenshot and does not reload', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cookie-audit-shots-'));
    const evidence = await scanPhase('accept', { clicks: ['#no-such-button', '#accept-all'] }, dir, 10_000);
    expect(evidence.consent).toMatchObject({ method: 'selector', selector: '#no-such-button → #accept-all', succeeded: false });
    expect(evidence.consent?.note).toBe('Clicking "#no-such-button" from the manifest\'s consent.accept was not found or not clickable within 10000 ms.');
    expect(evidence.consent?.screenshots).toBeUndefined();
    expect(existsSync(join(dir, 'demo-shop.test-accept-before.png'))).toBe(false);
    expect(evidence.errors.map((e) => e.kind)).toContain('consent');
    rmSync(dir, { recursive: true, force: true });
  });
});
