import type { MatrixLibrary } from './spec.js';

/**
 * vue-cookie-accept-decline 6: a Vue 3 component (vue.global.prod.js and the component's browser build, from npm),
 * in Italian, as a bar that slides in from the bottom, with its decline button. The choice lives in localStorage.
 * Broken twin: the Meta pixel's base code is also in the page head.
 */
export const library: MatrixLibrary = {
  library: 'vue-cookie-accept-decline',
  language: 'it',
  name: 'vuecad',
  shape: 'bottom bar (slides in)',
  operatedBy: 'heuristic',
  gated: ['_ga', '_gid', '_fbp', 'fr'],
  brokenFindings: [
    'pre-consent-cookie pre _fbp',
    'pre-consent-cookie pre fr',
    'pre-consent-tracker pre https://connect.facebook.net/en_US/fbevents.js',
    'pre-consent-tracker pre https://www.facebook.com/tr',
    'cookie-after-reject reject _fbp',
    'cookie-after-reject reject fr',
  ],
};
