/**
 * @mozmeao/consent-banner 1.1 (Mozilla's, with its peer @mozmeao/cookie-helper): UI-less, so the page
 * carries the README's banner markup (here in German, the shop's own texts) and binds mozConsentOpen /
 * mozConsentClose / mozConsentStatus before init(). No autoconsent rule knows it. The broken twin has
 * the Meta pixel's base code in its head, outside the consent check.
 */
import type { MatrixLibrary } from './spec.js';

export const library: MatrixLibrary = {
  library: '@mozmeao/consent-banner',
  language: 'de',
  name: 'mozmeao',
  shape: 'bottom bar (accept, reject and a settings-page link on one layer)',
  operatedBy: 'heuristic',
  gated: ['_ga', '_gid', '_fbp'],
  // The library writes moz-consent-pref without Secure (setItem(…, bSecure = false, 'lax')).
  compliantFindings: ['insecure-cookie reject moz-consent-pref'],
  brokenFindings: [
    'pre-consent-cookie pre _fbp',
    'pre-consent-cookie pre fr',
    'pre-consent-tracker pre https://connect.facebook.net/en_US/fbevents.js',
    'pre-consent-tracker pre https://www.facebook.com/tr',
    'cookie-after-reject reject _fbp',
    'cookie-after-reject reject fr',
    'insecure-cookie reject moz-consent-pref',
  ],
};
