/**
 * govuk-frontend 6.6, the cookie banner component: its markup (the "client-side implementation" fixture:
 * question, accepted and rejected confirmations) and CSS, with the page's own script doing what GOV.UK's
 * guidance describes (show it only until a choice is saved, then hide the question and show the
 * confirmation; cookies_policy and cookies_preferences_set, Secure). Autoconsent's "gov.uk" rule knows the
 * component (.govuk-cookie-banner__message). The broken twin's page views load both tags once any choice
 * is saved, a refusal included.
 */
import type { MatrixLibrary } from './spec.js';

export const library: MatrixLibrary = {
  library: 'govuk-frontend',
  language: 'en',
  name: 'govuk',
  shape: 'top bar in the page flow; a confirmation message replaces the question',
  operatedBy: 'autoconsent',
  gated: ['_ga', '_gid', '_fbp'],
  brokenFindings: [
    'cookie-after-reject reject _fbp',
    'cookie-after-reject reject _ga',
    'cookie-after-reject reject _gid',
    'cookie-after-reject reject fr',
  ],
};
