/**
 * @dmstr/cookie-consent 0.4.1 (dist/cookie-consent.js), German: the README's declarative popup fixed at the
 * bottom ("Alle akzeptieren", "Alle ablehnen", "Einstellungen" opening one checkbox per purpose), the
 * README's cc.has(...) checks before each tag and its afterSave that cleans refused cookies and reloads.
 * No autoconsent rule knows it: the heuristic. cookie_consent_status is written without Secure (the
 * library's set()): a warning on both shops.
 * The broken twin has the Meta pixel pasted into the page head, ungated: _fbp, fr and both Meta hosts
 * before any choice; after "Alle ablehnen" afterSave expires _fbp, the reload sets it again, fr stays.
 */
import type { MatrixLibrary } from './spec.js';

export const library: MatrixLibrary = {
  library: '@dmstr/cookie-consent',
  language: 'de',
  name: 'dmstr',
  shape: 'bottom bar with a settings drawer',
  operatedBy: 'heuristic',
  gated: ['_ga', '_gid', '_fbp', 'fr'],
  compliantFindings: ['insecure-cookie reject cookie_consent_status'],
  brokenFindings: [
    'pre-consent-cookie pre _fbp',
    'pre-consent-cookie pre fr',
    'pre-consent-tracker pre https://connect.facebook.net/en_US/fbevents.js',
    'pre-consent-tracker pre https://www.facebook.com/tr',
    'cookie-after-reject reject _fbp',
    'cookie-after-reject reject fr',
    'insecure-cookie reject cookie_consent_status',
  ],
};
