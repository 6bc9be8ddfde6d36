import type { MatrixLibrary } from './spec.js';

/**
 * Just Eat Takeaway's PIE cookie banner: a Lit web component (open shadow root, its buttons are <pie-button>s with
 * shadow roots of their own), German locale. The component is only the UI: the shop keeps the choice in its own
 * cookie (bb_cookie_consent, Secure) and starts the tags by category. Bundled by the fixture server from
 * fixtures/sites/pie-*.test/_src/cookie-banner.js. Broken twin: Google Analytics also pasted into the head.
 */
export const library: MatrixLibrary = {
  library: '@justeattakeaway/pie-cookie-banner',
  language: 'de',
  name: 'pie',
  shape: 'web component (open shadow root, nested), bottom card',
  operatedBy: 'heuristic',
  gated: ['_ga', '_gid', '_fbp', 'fr'],
  brokenFindings: [
    'pre-consent-cookie pre _ga',
    'pre-consent-cookie pre _gid',
    'pre-consent-tracker pre https://www.google-analytics.com/analytics.js',
    'cookie-after-reject reject _ga',
    'cookie-after-reject reject _gid',
  ],
};
