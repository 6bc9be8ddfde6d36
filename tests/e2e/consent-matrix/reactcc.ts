import type { MatrixLibrary } from './spec.js';

/**
 * react-cookie-consent: a React bar (React 19, bundled by the fixture server from
 * fixtures/sites/reactcc-*.test/_src/cookie-bar.jsx), in Dutch, with its decline button (enableDeclineButton).
 * No categories: "Accepteren" starts both tags. Broken twin: later visits test the consent cookie for
 * truthiness, and the declined value is the string "false", so the tags start again after a refusal.
 */
export const library: MatrixLibrary = {
  library: 'react-cookie-consent',
  language: 'nl',
  name: 'reactcc',
  shape: 'bottom bar',
  operatedBy: 'heuristic',
  gated: ['_ga', '_gid', '_fbp', 'fr'],
  // The library's default look: light grey on red for decline (4.6:1) beside black on yellow for accept (14.7:1).
  compliantFindings: ['reject-less-prominent reject reject'],
  brokenFindings: [
    'cookie-after-reject reject _fbp',
    'cookie-after-reject reject _ga',
    'cookie-after-reject reject _gid',
    'cookie-after-reject reject fr',
    'reject-less-prominent reject reject',
  ],
};
