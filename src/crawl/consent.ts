/**
 * Giving or refusing consent on the page's banner. Today: the manifest's selector or click sequence.
 * The result is evidence (what was tried, whether it worked), never an exception.
 */
import type { Page } from 'playwright-core';
import type { ConsentAttempt } from '../evidence/types.js';
import type { PolicyManifest } from '../policy/types.js';
import { describeError, isTimeout } from './errors.js';

export interface ConsentContext {
  /** Upper bound for finding and clicking each element. */
  timeoutMs: number;
  /** Waits until the network is quiet again (the tags a click loads must run before the reload). */
  waitForQuiet(): Promise<void>;
}

/** Whether this phase can operate the banner at all; the reason when it cannot. */
export function consentPlan(policy: PolicyManifest, action: 'reject' | 'accept'): { ok: true } | { ok: false; reason: string } {
  if (policy.consent[action]) return { ok: true };
  return {
    ok: false,
    reason: `No consent.${action} selector in the manifest, so the banner could not be operated; add consent.${action}: { selector: "…" } to audit this phase.`,
  };
}

export async function giveConsent(page: Page, action: 'reject' | 'accept', policy: PolicyManifest, context: ConsentContext): Promise<ConsentAttempt> {
  const step = policy.consent[action];
  const clicks = step?.clicks ?? (step?.selector !== undefined ? [step.selector] : []);
  const selector = clicks.join(' → ');
  const timeout = Math.min(context.timeoutMs, 10_000);
  for (const sel of clicks) {
    try {
      await page.locator(sel).first().click({ timeout });
    } catch (error) {
      const why = isTimeout(error) ? `was not found or not clickable within ${timeout} ms` : `could not be clicked: ${describeError(error)}`;
      return { action, method: 'selector', selector, succeeded: false, note: `Clicking ${JSON.stringify(sel)} from the manifest's consent.${action} ${why}.` };
    }
  }
  await context.waitForQuiet();
  return { action, method: 'selector', selector, succeeded: true, note: `Clicked ${selector} (manifest consent.${action}).` };
}
