/**
 * hb-cookie-law-banner 0.76 (@htmlbricks/hb-cookie-law-banner, main.iife.js): a Svelte web component in an
 * open shadow root, a dark bar fixed at the bottom that fades in after 1 s; French title and text in its
 * slots, its own English buttons ("I Agree", "I Decline", its dictionary has only English and Italian).
 * It keeps the answer in localStorage "cookielaw" (declared) and sets no cookie of its own. No autoconsent
 * rule knows it: the heuristic.
 * The broken twin's acceptCookieLaw listener ignores detail.accepted, so "I Decline" starts GA and the Meta
 * pixel; their cookies are still there after the reload.
 */
import type { MatrixLibrary } from './spec.js';

export const library: MatrixLibrary = {
  library: '@htmlbricks/hb-cookie-law-banner',
  language: 'fr',
  name: 'hbcookie',
  shape: 'web component (open shadow root), bottom bar',
  operatedBy: 'heuristic',
  gated: ['_ga', '_gid', '_fbp', 'fr'],
  brokenFindings: [
    'cookie-after-reject reject _fbp',
    'cookie-after-reject reject _ga',
    'cookie-after-reject reject _gid',
    'cookie-after-reject reject fr',
  ],
};
