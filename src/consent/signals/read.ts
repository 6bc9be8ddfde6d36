/**
 * The consent signals of a phase, read once on its start page (after the phase's choice and the reload):
 * what the site tells advertising and analytics vendors the visitor chose. Never throws: what cannot be
 * read is read as absent.
 */
import type { BrowserContext, Page } from 'playwright-core';
import { readConsentMode, watchConsentMode } from './consent-mode.js';
import { readTcf } from './tcf.js';
import type { ConsentSignals } from './types.js';

/** Before any page of the context opens: the dataLayer is watched from each document's start. */
export async function watchConsentSignals(context: BrowserContext): Promise<void> {
  await watchConsentMode(context);
}

export async function readConsentSignals(context: BrowserContext, page: Page, pageUrl: string): Promise<ConsentSignals> {
  const [tcf, consentMode] = await Promise.all([
    readTcf(context, page).catch(() => ({ api: null, strings: [] })),
    readConsentMode(page).catch(() => ({ commands: [], hits: [] })),
  ]);
  return { page: pageUrl, tcf, consentMode };
}
