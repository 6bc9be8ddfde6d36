/**
 * django-cookie-consent 1.0 (its npm ES module, lib/cookiebar.js, loaded with <script type="module">),
 * Portuguese: a bottom bar cloned from the page's <template>, with the cookie groups as JSON and each group's
 * scripts in a <template> the onAccept hook adds, as the package documents. The Django backend is played by
 * static routes: /cookies/status/ answers from the HttpOnly cookie_consent cookie (a redirect chain on
 * requireCookie), /cookies/accept/ and /cookies/decline/ set it. No autoconsent rule knows it: the heuristic.
 * cookie_consent has no Secure (COOKIE_CONSENT_SECURE defaults to False): a warning on both shops.
 * The broken twin's onDecline was copied from onAccept: "Recusar" adds the declined groups' scripts, on the
 * click and on every later page view.
 */
import type { MatrixLibrary } from './spec.js';

export const library: MatrixLibrary = {
  library: 'django-cookie-consent',
  language: 'pt',
  name: 'djangocc',
  shape: 'bottom bar',
  operatedBy: 'heuristic',
  gated: ['_ga', '_gid', '_fbp', 'fr'],
  compliantFindings: ['insecure-cookie reject cookie_consent'],
  brokenFindings: [
    'cookie-after-reject reject _fbp',
    'cookie-after-reject reject _ga',
    'cookie-after-reject reject _gid',
    'cookie-after-reject reject fr',
    'insecure-cookie reject cookie_consent',
  ],
};
