/**
 * @canonical/cookie-policy 3.10 (Canonical's cookie notice for ubuntu.com and its sister sites): its IIFE
 * build and CSS, cpNs.cookiePolicy(callback). Its first layer offers only "Accept all" and "Manage your
 * tracker settings"; refusing takes the settings layer's "Save preferences" with the switches left off.
 * Autoconsent knows it (rule "ubuntu.com", detected by dialog.cookie-policy); that rule's opt-in still
 * clicks #cookie-policy-button-accept, which 3.10 renamed #cookie-policy-button-accept-all.
 * The broken twin's callback loads the tags on any choice, the refusal included.
 */
import type { MatrixLibrary } from './spec.js';

export const library: MatrixLibrary = {
  library: '@canonical/cookie-policy',
  language: 'en',
  name: 'canonical',
  shape: 'bottom dialog; refusal only in its settings layer (modal with switches)',
  // autoconsent's rule refuses; its accept step misses the renamed button, so the heuristic accepts.
  // Refusing: autoconsent when the first visit recognised the platform before its look ended, else the heuristic
  // (the settings, both switches left off, "Save preferences"); the same refusal either way.
  operatedBy: { reject: ['autoconsent', 'heuristic'], accept: 'heuristic' },
  gated: ['_ga', '_gid', '_fbp'],
  compliantFindings: [
    // The library's design: no refusal on the first layer, so refusing takes two clicks where accepting takes one.
    'reject-harder-than-accept reject reject',
    // Both of its cookies are written without Secure (its setCookie() has no such option).
    'insecure-cookie reject _cookies_accepted',
    'insecure-cookie reject _cookies_set_offline',
  ],
  brokenFindings: [
    'cookie-after-reject reject _fbp',
    'cookie-after-reject reject _ga',
    'cookie-after-reject reject _gid',
    'cookie-after-reject reject fr',
    'reject-harder-than-accept reject reject',
    'insecure-cookie reject _cookies_accepted',
    'insecure-cookie reject _cookies_set_offline',
  ],
};
