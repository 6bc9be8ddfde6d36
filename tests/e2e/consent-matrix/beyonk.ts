import type { MatrixLibrary } from './spec.js';

/**
 * Beyonk's GDPR cookie consent banner: Svelte, served as its own web component build (dist/index.js, open shadow
 * root), in Spanish, with its reject button switched on (can-reject-cookies) and its floating edit button. Broken
 * twin: the Meta pixel's listener ignores event.detail.agreed, so "Rechazar todo" loads it too.
 */
export const library: MatrixLibrary = {
  library: '@beyonk/gdpr-cookie-consent-banner',
  language: 'es',
  name: 'beyonk',
  shape: 'web component (open shadow root), bottom bar',
  operatedBy: 'heuristic',
  gated: ['_ga', '_gid', '_fbp', 'fr'],
  // The library's own cookie: js-cookie without Secure (only sameSite strict by default) and 400 days.
  compliantFindings: ['expiry-too-long reject almazara_consent', 'insecure-cookie reject almazara_consent'],
  brokenFindings: [
    'cookie-after-reject reject _fbp',
    'cookie-after-reject reject fr',
    'expiry-too-long reject almazara_consent',
    'insecure-cookie reject almazara_consent',
  ],
};
