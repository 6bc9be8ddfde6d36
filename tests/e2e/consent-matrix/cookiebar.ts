/**
 * jQuery CookieBar (jquery-cookiebar 1.0.5, on jQuery 4), Polish: a bottom bar with accept, decline and a
 * policy button, set to assume refusal (autoEnable: false). autoconsent knows it ("PrimeBox CookieBar").
 * Its cb-enabled cookie is written without Secure (the plugin's own code): a warning on both shops.
 * The broken twin keeps the plugin's default autoEnable: true ("assumed consent"): cb-enabled=enabled on the
 * first visit turns $.cookieBar('cookies') true, so GA and the Meta pixel run before any answer; "Odrzucam"
 * then deletes the first-party cookies it can see and reloads, but Meta's fr (HttpOnly, on .facebook.com) stays.
 */
import type { MatrixLibrary } from './spec.js';

export const library: MatrixLibrary = {
  library: 'jquery-cookiebar',
  language: 'pl',
  name: 'cookiebar',
  shape: 'bottom bar',
  operatedBy: 'autoconsent',
  gated: ['_ga', '_gid', '_fbp', 'fr'],
  compliantFindings: ['insecure-cookie reject cb-enabled'],
  brokenFindings: [
    'pre-consent-cookie pre _fbp',
    'pre-consent-cookie pre _ga',
    'pre-consent-cookie pre _gid',
    'pre-consent-cookie pre fr',
    'pre-consent-tracker pre https://connect.facebook.net/en_US/fbevents.js',
    'pre-consent-tracker pre https://www.facebook.com/tr',
    'pre-consent-tracker pre https://www.google-analytics.com/analytics.js',
    'insecure-cookie pre cb-enabled',
    'cookie-after-reject reject fr',
  ],
};
