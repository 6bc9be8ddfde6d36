/**
 * dp-consent 1.3 (@demos-europe/dp-consent: dist/dp-consent.browser.min.js and src/css/style.css), German,
 * with its own German buttons ("Zustimmen", "Ablehnen", "Überprüfen"): a bar that slides in from the bottom
 * a second after load (its own setTimeout, then a 0.5 s transition); one switch for all optional cookies.
 * No autoconsent rule knows it: the heuristic. dp-cookie-consent is written without Secure (the library's
 * code): a warning on both shops.
 * The broken twin's onRevokeConsent starts Google Analytics with anonymizeIp ("anonymised statistics need no
 * consent"): "Ablehnen" and every later page view of that visitor set _ga and _gid.
 */
import type { MatrixLibrary } from './spec.js';

export const library: MatrixLibrary = {
  library: '@demos-europe/dp-consent',
  language: 'de',
  name: 'dpconsent',
  shape: 'bottom bar sliding in after 1 s',
  operatedBy: 'heuristic',
  gated: ['_ga', '_gid', '_fbp', 'fr'],
  compliantFindings: ['insecure-cookie reject dp-cookie-consent'],
  brokenFindings: [
    'cookie-after-reject reject _ga',
    'cookie-after-reject reject _gid',
    'insecure-cookie reject dp-cookie-consent',
  ],
};
