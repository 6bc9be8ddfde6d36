/**
 * @hmcts/cookie-manager 1.1 (HM Courts & Tribunals Service): its ES module, the GOV.UK cookie banner
 * template from its documentation (classes cookie-banner, cookie-banner-accept-button, …), a cookie
 * manifest per category and the UserPreferencesLoaded / UserPreferencesSaved events. Autoconsent's
 * "gov.uk" rule knows the GOV.UK banner markup. The broken twin sets additionalOptions.defaultConsent:
 * true, so the tags load before any choice; rejecting lets the library delete _ga, _gid and _fbp, but
 * not Meta's third-party fr.
 */
import type { MatrixLibrary } from './spec.js';

export const library: MatrixLibrary = {
  library: '@hmcts/cookie-manager',
  language: 'en',
  name: 'hmcts',
  shape: 'top bar in the page flow (GOV.UK template); a confirmation message replaces the question',
  operatedBy: 'autoconsent',
  gated: ['_ga', '_gid', '_fbp'],
  // userPreferences.cookieSecure defaults to false, and the documented quick setup leaves it so.
  compliantFindings: ['insecure-cookie reject halls-cookie-preferences'],
  brokenFindings: [
    'pre-consent-cookie pre _fbp',
    'pre-consent-cookie pre _ga',
    'pre-consent-cookie pre _gid',
    'pre-consent-cookie pre fr',
    'pre-consent-tracker pre https://connect.facebook.net/en_US/fbevents.js',
    'pre-consent-tracker pre https://www.facebook.com/tr',
    'pre-consent-tracker pre https://www.google-analytics.com/analytics.js',
    'cookie-after-reject reject fr',
    'insecure-cookie reject halls-cookie-preferences',
  ],
};
